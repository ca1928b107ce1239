// One-way messages from the main process to the renderer (not request/response API calls).
// preload.ts turns them into window.inspectorHost listeners.

/** Payload: an absolute path to open (menu Open…, Open Recent, a second instance's argument). */
export const OPEN_PATH_CHANNEL = 'inspector:open-path';
/** No payload: File › Close Tab. */
export const CLOSE_TAB_CHANNEL = 'inspector:close-tab';
