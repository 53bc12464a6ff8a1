// A case number as a resident writes it down. On screen it is shown in groups of four characters
// (spaced only visually); a screen reader gets the same groups, character by character, with a
// pause between groups: "B M 2 0, 2 6 1 1, 2 9 0 0, 0 0 0 1". Read as one word, espeak says
// "BM20261129000001" as a number of trillions (tests/screen-reader/FINDINGS.md, F5).
import { t } from './i18n';

/** The groups of four characters the case number is shown in. */
export function caseNumberGroups(caseNumber: string): string[] {
  return caseNumber.match(/.{1,4}/g) ?? [caseNumber];
}

/** The case number to be spoken: each character on its own, a pause (a comma) between groups. */
export function spokenCaseNumber(caseNumber: string): string {
  return caseNumberGroups(caseNumber)
    .map((group) => [...group].join(' '))
    .join(t('case-number-group-separator'));
}
