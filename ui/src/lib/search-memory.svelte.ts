// What was typed in the home page's search field, kept while the app runs: the home screen is
// re-created on a language change (App.svelte) and when the resident comes back to it, and the
// query should survive both. Ending a kiosk session reloads the webview, which clears it.

export const searchMemory = $state<{ query: string }>({ query: '' });
