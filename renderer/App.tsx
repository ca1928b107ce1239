// The shell: one tab per opened archive (closable), a welcome screen with Open and recent files,
// drag-and-drop anywhere, Ctrl/Cmd+O, and menu / second-instance opens through inspectorHost.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ArchiveSummary, InspectorErrorInfo } from '../shared/model';
import { ArchiveWorkspace } from './ArchiveWorkspace';
import { ErrorBox } from './components/ErrorBox';
import { SafeText } from './components/SafeText';
import { escapeText } from '../shared/text';
import { call, errorInfo, errorText, useAsync } from './lib/api';

interface OpenTab {
  key: number;
  path: string;
  state: 'opening' | 'open' | 'failed';
  summary?: ArchiveSummary;
  error?: InspectorErrorInfo;
}

const baseName = (path: string) => path.split(/[\\/]/).filter(Boolean).pop() ?? path;

export function App() {
  const [tabs, setTabs] = useState<OpenTab[]>([]);
  const [active, setActive] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const nextKey = useRef(1);
  const tabsRef = useRef(tabs);
  tabsRef.current = tabs;
  const activeRef = useRef(active);
  activeRef.current = active;
  const [recentVersion, setRecentVersion] = useState(0);

  /** Open (or opening) tabs by path, and keys of tabs closed while their archive was opening;
   *  refs, so that answers arriving before React re-renders see the truth. */
  const openByPath = useRef(new Map<string, number>());
  const closedKeys = useRef(new Set<number>());

  const openPath = useCallback(async (path: string, activate = true) => {
    const existing = openByPath.current.get(path);
    if (existing !== undefined) {
      setActive(existing);
      return;
    }
    const key = nextKey.current++;
    openByPath.current.set(path, key);
    // Trying again replaces the tab that failed.
    setTabs((prev) => [...prev.filter((t) => !(t.path === path && t.state === 'failed')), { key, path, state: 'opening' }]);
    if (activate || activeRef.current === null) {
      activeRef.current = key;
      setActive(key);
    }
    try {
      const summary = await call('openArchive', path);
      // The tab was closed while opening: release the archive at once.
      if (closedKeys.current.has(key)) {
        void call('closeArchive', summary.id).catch(() => undefined);
        return;
      }
      setTabs((prev) => prev.map((t) => (t.key === key ? { ...t, state: 'open', summary } : t)));
    } catch (error) {
      if (openByPath.current.get(path) === key) openByPath.current.delete(path);
      setTabs((prev) => prev.map((t) => (t.key === key ? { ...t, state: 'failed', error: errorInfo(error) } : t)));
    } finally {
      setRecentVersion((v) => v + 1);
    }
  }, []);

  const closeTab = useCallback((key: number) => {
    const tab = tabsRef.current.find((t) => t.key === key);
    if (!tab) return;
    closedKeys.current.add(key);
    if (openByPath.current.get(tab.path) === key) openByPath.current.delete(tab.path);
    if (tab.summary) void call('closeArchive', tab.summary.id).catch((error) => setNotice(`Closing failed: ${errorText(error)}`));
    const index = tabsRef.current.indexOf(tab);
    const rest = tabsRef.current.filter((t) => t.key !== key);
    setTabs(rest);
    setActive((current) => (current === key ? (rest[Math.min(index, rest.length - 1)]?.key ?? null) : current));
  }, []);

  const chooseAndOpen = useCallback(async () => {
    try {
      const path = await call('chooseArchive');
      if (path) await openPath(path);
    } catch (error) {
      setNotice(errorText(error));
    }
  }, [openPath]);

  // Start-up paths, menu opens, File › Close Tab.
  useEffect(() => {
    let live = true;
    call('getStartupPaths').then(
      // The first start-up archive is shown; the others open in background tabs.
      (paths) => live && paths.forEach((p, i) => void openPath(p, i === 0)),
      (error) => setNotice(errorText(error)),
    );
    const host = window.inspectorHost;
    const offOpen = host?.onOpenPath((path) => void openPath(path));
    const offClose = host?.onCloseTab?.(() => {
      if (activeRef.current !== null) closeTab(activeRef.current);
    });
    return () => {
      live = false;
      offOpen?.();
      offClose?.();
    };
  }, [openPath, closeTab]);

  // Ctrl/Cmd+O, Ctrl+Tab / Ctrl+Shift+Tab between archives.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'o') {
        event.preventDefault();
        void chooseAndOpen();
      } else if (event.ctrlKey && event.key === 'Tab' && tabsRef.current.length > 1) {
        event.preventDefault();
        setActive((current) => {
          const list = tabsRef.current;
          const i = list.findIndex((t) => t.key === current);
          return list[(i + (event.shiftKey ? list.length - 1 : 1)) % list.length].key;
        });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [chooseAndOpen]);

  // Drag and drop anywhere on the window.
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      for (const file of files) {
        const path = window.inspectorHost?.getPathForFile(file) ?? '';
        if (path) void openPath(path);
        else setNotice(`“${file.name}” is not a file on disk; open it with Open… instead.`);
      }
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [openPath]);

  const activeTab = tabs.find((t) => t.key === active);
  const activeName = activeTab ? (activeTab.summary?.fileName ?? baseName(activeTab.path)) : null;
  useEffect(() => {
    // Escaped, so a hostile file name cannot spoof the title bar.
    document.title = activeName ? `${escapeText(activeName)} — Checkpoint Inspector` : 'Checkpoint Inspector';
  }, [activeName]);

  return (
    <div className="app">
      <header className="app-header">
        <div
          className="archive-tabs"
          role="tablist"
          aria-label="Open archives"
          onKeyDown={(event) => {
            if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
            const i = tabs.findIndex((t) => t.key === active);
            if (i < 0 || tabs.length < 2) return;
            const next = (i + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length;
            setActive(tabs[next].key);
            event.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]')[next]?.focus();
            event.preventDefault();
          }}
        >
          {tabs.map((tab) => (
            <div key={tab.key} className={`archive-tab-wrap${tab.key === active ? ' active' : ''}`}>
              <button
                type="button"
                role="tab"
                className="archive-tab"
                aria-selected={tab.key === active}
                tabIndex={tab.key === active ? 0 : -1}
                title={tab.path}
                onClick={() => setActive(tab.key)}
                onAuxClick={(e) => e.button === 1 && closeTab(tab.key)}
              >
                {tab.state === 'opening' && <span className="spinner small" aria-hidden="true" />}
                {tab.state === 'failed' && (
                  <span className="error-text" aria-hidden="true">
                    ⚠
                  </span>
                )}
                <SafeText text={tab.summary?.fileName ?? baseName(tab.path)} />
              </button>
              <button
                type="button"
                className="archive-tab-close"
                aria-label={`Close ${tab.summary?.fileName ?? baseName(tab.path)}`}
                title="Close (releases the archive)"
                onClick={() => closeTab(tab.key)}
              >
                ×
              </button>
            </div>
          ))}
        </div>
        <button type="button" className="open-button" onClick={() => void chooseAndOpen()} title="Open an archive (Ctrl+O)">
          Open…
        </button>
      </header>
      {notice && (
        <div className="app-notice" role="alert">
          <SafeText text={notice} />
          <button type="button" className="link" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      <main className="app-main">
        {tabs.length === 0 && <Welcome onOpen={() => void chooseAndOpen()} onOpenPath={(p) => void openPath(p)} version={recentVersion} />}
        {tabs.map((tab) => (
          <div key={tab.key} className="archive-panel" hidden={tab.key !== active}>
            {tab.state === 'opening' && (
              <div className="state state-loading" role="status">
                <span className="spinner" aria-hidden="true" /> Opening <SafeText className="mono" text={tab.path} />…
              </div>
            )}
            {tab.state === 'failed' && (
              <div className="state">
                <ErrorBox error={tab.error} title={`Could not open ${baseName(tab.path)}`} />
              </div>
            )}
            {tab.state === 'open' && tab.summary && <ArchiveWorkspace summary={tab.summary} active={tab.key === active} />}
          </div>
        ))}
      </main>
      {activeTab === undefined && tabs.length === 0 && <footer className="status-bar muted">No archive open</footer>}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop a checkpoint archive to open it</div>
        </div>
      )}
    </div>
  );
}

function Welcome({ onOpen, onOpenPath, version }: { onOpen(): void; onOpenPath(path: string): void; version: number }) {
  const recent = useAsync(() => call('getRecent'), [version]);
  return (
    <div className="welcome">
      <div className="welcome-card">
        <h1>Checkpoint Inspector</h1>
        <p className="muted">
          A read-only forensic viewer for container checkpoint archives (CRI-O, Podman, containerd) and CRIU image folders. The evidence file
          is opened read-only and never modified.
        </p>
        <div className="welcome-actions">
          <button type="button" className="primary" onClick={onOpen}>
            Open archive…
          </button>
          <span className="muted">or drop a <span className="mono">checkpoint-*.tar</span> (.tar.gz, .tar.zst) anywhere · Ctrl+O</span>
        </div>
        <h2>Recent</h2>
        {recent.status === 'loading' && <p className="muted">Loading…</p>}
        {recent.status === 'error' && <p className="error-text">{recent.error.message}</p>}
        {recent.status === 'done' &&
          (recent.value.length === 0 ? (
            <p className="muted">No recent archives.</p>
          ) : (
            <ul className="recent-list">
              {recent.value.map((path) => (
                <li key={path}>
                  <button type="button" className="recent-item" onClick={() => onOpenPath(path)} title={path}>
                    <span className="recent-name">
                      <SafeText text={baseName(path)} />
                    </span>
                    <span className="recent-path muted mono">
                      <SafeText text={path} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          ))}
      </div>
    </div>
  );
}
