'use client';
// Settings sections as tabs. The chosen tab is UI state: it is saved with the session and comes back
// after a reload or on another browser.
import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useUiActions, useUiStore } from '@/components/ui-store-provider';

export interface SettingsTab {
  id: string;
  label: string;
  content: ReactNode;
}

export function SettingsTabs({ tabs }: { tabs: SettingsTab[] }) {
  const stored = useUiStore((s) => s.tabs.settings);
  const { setTab } = useUiActions();
  const active = tabs.some((t) => t.id === stored) ? stored! : tabs[0]!.id;
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = tabs.findIndex((t) => t.id === active);
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : -1;
    if (next < 0) return;
    event.preventDefault();
    const id = tabs[next]!.id;
    setTab('settings', id);
    refs.current[id]?.focus();
  };

  return (
    <div>
      <div role="tablist" aria-label="Settings sections" className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-800">
        {tabs.map((tab) => (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[tab.id] = el;
            }}
            type="button"
            role="tab"
            id={`settings-tab-${tab.id}`}
            aria-selected={tab.id === active}
            aria-controls={`settings-panel-${tab.id}`}
            tabIndex={tab.id === active ? 0 : -1}
            onClick={() => setTab('settings', tab.id)}
            onKeyDown={onKeyDown}
            className="-mb-px border-b-2 border-transparent px-4 py-2 text-sm font-medium text-slate-600 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 aria-selected:border-indigo-600 aria-selected:text-indigo-700 dark:text-slate-400 dark:hover:text-slate-100 dark:aria-selected:text-indigo-300"
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`settings-panel-${tab.id}`}
          aria-labelledby={`settings-tab-${tab.id}`}
          hidden={tab.id !== active}
          tabIndex={0}
          className="mt-px rounded-sm pt-6 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
        >
          {tab.content}
        </div>
      ))}
    </div>
  );
}
