/** A safe DOM id fragment from a service code or question linkId. */
export function safeId(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function inputId(linkId: string): string {
  return `input-${safeId(linkId)}`;
}

export function changeId(linkId: string): string {
  return `change-${safeId(linkId)}`;
}
