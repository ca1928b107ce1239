// One opened archive: the view tabs, the views (kept mounted once visited, so switching back keeps
// their state), the cross-view navigation, and the status bar.
import { useCallback, useEffect, useState } from 'react';
import type { ArchiveSummary } from '../shared/model';
import { StatusBar } from './StatusBar';
import { NavigationProvider, VIEW_NAMES, type NavigationFocus, type ViewName } from './lib/navigation';
import { FilesView } from './views/files/FilesView';
import { ImagesView } from './views/images/ImagesView';
import { LogsView } from './views/logs/LogsView';
import { MemoryView } from './views/memory/MemoryView';
import { OverviewView } from './views/overview/OverviewView';
import { ProcessesView } from './views/processes/ProcessesView';
import { RootfsDiffView } from './views/rootfs/RootfsDiffView';

export function ArchiveWorkspace({ summary, active }: { summary: ArchiveSummary; active: boolean }) {
  const [view, setView] = useState<ViewName>('Overview');
  const [visited, setVisited] = useState<ReadonlySet<ViewName>>(() => new Set(['Overview']));
  const [focus, setFocus] = useState<Partial<Record<ViewName, NavigationFocus>>>({});

  const show = useCallback((next: ViewName) => {
    setView(next);
    setVisited((prev) => (prev.has(next) ? prev : new Set([...prev, next])));
  }, []);
  const navigate = useCallback(
    (next: ViewName, target?: NavigationFocus) => {
      if (target) setFocus((prev) => ({ ...prev, [next]: { ...target } }));
      show(next);
    },
    [show],
  );

  // Ctrl/Cmd+1…7 switch views of the archive on screen.
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const n = Number(event.key);
      if (n >= 1 && n <= VIEW_NAMES.length) {
        event.preventDefault();
        show(VIEW_NAMES[n - 1]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, show]);

  const onTabKey = (event: React.KeyboardEvent) => {
    const i = VIEW_NAMES.indexOf(view);
    let next: number | null = null;
    if (event.key === 'ArrowRight') next = (i + 1) % VIEW_NAMES.length;
    else if (event.key === 'ArrowLeft') next = (i + VIEW_NAMES.length - 1) % VIEW_NAMES.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = VIEW_NAMES.length - 1;
    if (next === null) return;
    event.preventDefault();
    show(VIEW_NAMES[next]);
    const el = (event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role="tab"]')[next];
    el?.focus();
  };

  const id = summary.id;
  const panelId = (name: ViewName) => `panel-${id}-${name.replace(/\W+/g, '-')}`;
  const render = (name: ViewName) => {
    const target = focus[name];
    switch (name) {
      case 'Overview':
        return <OverviewView archiveId={id} summary={summary} />;
      case 'Files':
        return <FilesView archiveId={id} summary={summary} focus={target} />;
      case 'Processes':
        return <ProcessesView archiveId={id} summary={summary} focus={target} />;
      case 'Memory':
        return <MemoryView archiveId={id} summary={summary} focus={target} />;
      case 'Rootfs diff':
        return <RootfsDiffView archiveId={id} summary={summary} onShowProcess={(pid) => navigate('Processes', { pid })} />;
      case 'Logs':
        return <LogsView archiveId={id} summary={summary} focus={target} />;
      case 'Images':
        return <ImagesView archiveId={id} summary={summary} focus={target} />;
    }
  };

  return (
    <NavigationProvider navigate={navigate}>
      <div className="workspace">
        <div className="view-tabs" role="tablist" aria-label="Views" onKeyDown={onTabKey}>
          {VIEW_NAMES.map((name, i) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`tab-${panelId(name)}`}
              aria-selected={name === view}
              aria-controls={panelId(name)}
              tabIndex={name === view ? 0 : -1}
              className="view-tab"
              title={`${name} (Ctrl+${i + 1})`}
              onClick={() => show(name)}
            >
              {name}
            </button>
          ))}
        </div>
        <div className="view-panels">
          {VIEW_NAMES.filter((name) => visited.has(name)).map((name) => (
            <section
              key={name}
              id={panelId(name)}
              role="tabpanel"
              aria-labelledby={`tab-${panelId(name)}`}
              className="view-panel"
              hidden={name !== view}
            >
              {render(name)}
            </section>
          ))}
        </div>
        <StatusBar summary={summary} />
      </div>
    </NavigationProvider>
  );
}
