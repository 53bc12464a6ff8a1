import type { AppInfo } from '../bindings/AppInfo';
import { appInfo } from './ipc';

export const DEFAULT_HOTLINE = '12345';

export const info = $state<AppInfo>({
  practiceMode: false,
  backendUrl: '',
  version: '',
  hotline: DEFAULT_HOTLINE,
});

export async function loadAppInfo(): Promise<void> {
  try {
    const next = await appInfo();
    info.practiceMode = next.practiceMode;
    info.backendUrl = next.backendUrl;
    info.version = next.version;
    info.hotline = next.hotline?.trim() ? next.hotline : DEFAULT_HOTLINE;
  } catch {
    // Keep the defaults: the hotline must always be shown.
  }
}
