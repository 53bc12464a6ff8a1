// GB 11643-1999 resident identity numbers: 17 digits and a check character.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkCharacter(first17) {
  if (!/^\d{17}$/.test(first17)) throw new Error(`need 17 digits, got ${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export function validId(first17) {
  return first17 + checkCharacter(first17);
}

/** The same 17 digits with a check character that is certainly wrong. */
export function wrongCheckId(first17) {
  const right = checkCharacter(first17);
  const wrong = [...CHECK].find(c => c !== right && c !== 'X');
  return first17 + wrong;
}
