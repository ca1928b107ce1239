// Cross-links between views of one archive: a view asks the shell to switch to another view and
// focus something there (Processes -> Memory of pid 7, Rootfs diff -> Processes pid 1, ...).
import { createContext, useContext, type ReactNode } from 'react';

export const VIEW_NAMES = ['Overview', 'Files', 'Processes', 'Memory', 'Rootfs diff', 'Logs', 'Images'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/** What to focus in the target view. Each navigation creates a new object, so effects re-run. */
export interface NavigationFocus {
  /** Processes, Memory: the process. */
  pid?: number;
  /** Memory: a virtual address ("0x7f…") to show. */
  address?: string;
  /** Files, Images, Rootfs diff: an archive entry path to select. */
  path?: string;
  /** Logs: a line index to scroll to. */
  line?: number;
}

export type Navigate = (view: ViewName, focus?: NavigationFocus) => void;

const NavigationContext = createContext<Navigate>(() => {
  // Outside an archive there is nowhere to go.
});

export function NavigationProvider({ navigate, children }: { navigate: Navigate; children: ReactNode }) {
  return <NavigationContext.Provider value={navigate}>{children}</NavigationContext.Provider>;
}

/** `const navigate = useNavigate(); navigate('Memory', { pid: 7 })` */
export function useNavigate(): Navigate {
  return useContext(NavigationContext);
}
