import type { AppInfo } from '../bindings/AppInfo';
import { appInfo } from './ipc';

export const DEFAULT_HOTLINE = '12345';

export const info = $state<AppInfo>({
  practiceMode: false,
  backendUrl: '',
  version: '',
  hotline: DEFAULT_HOTLINE,
  kiosk: false,
  kioskIdleSecs: 0,
});

export async function loadAppInfo(): Promise<void> {
  try {
    const next = await appInfo();
    info.practiceMode = next.practiceMode;
    info.backendUrl = next.backendUrl;
    info.version = next.version;
    info.hotline = next.hotline?.trim() ? next.hotline : DEFAULT_HOTLINE;
    info.kiosk = next.kiosk === true;
    info.kioskIdleSecs = info.kiosk && Number.isFinite(next.kioskIdleSecs) ? Math.max(0, next.kioskIdleSecs) : 0;
  } catch {
    // Keep the defaults: the hotline must always be shown.
  }
}
