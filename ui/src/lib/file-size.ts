// A file's size in words for the resident: KB under 1 MB (at least 1), MB with one decimal above.
import { t } from './i18n';

export function fileSize(bytes: number): string {
  const mb = 1024 * 1024;
  if (bytes < mb) return t('attachment-size-kb', { n: String(Math.max(1, Math.round(bytes / 1024))) });
  const value = Math.round((bytes / mb) * 10) / 10;
  return t('attachment-size-mb', { n: String(value) });
}
