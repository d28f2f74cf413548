import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { href, type Route } from '../model/routes.js';
import { useConsole } from './console-context.js';

/** Header with the project and sign-out, the navigation, and the page; focus moves to the page on navigation. */

const sections: readonly { label: string; href: string; pages: readonly Route['page'][] }[] = [
  { label: 'Resources', href: href.protectables, pages: ['protectables'] },
  { label: 'Plans', href: href.plans, pages: ['plans', 'plan-new', 'plan-edit', 'checkpoints', 'restore'] },
  { label: 'Schedules', href: href.schedules, pages: ['schedules'] },
  { label: 'Restores', href: href.restores, pages: ['restores', 'restore-detail'] },
  { label: 'Verifications', href: href.verifications, pages: ['verifications'] },
  { label: 'Operation log', href: href.operationLog, pages: ['operation-log'] },
];

export const Layout = ({
  route,
  onSignOut,
  children,
}: {
  route: Route;
  onSignOut: () => void;
  children: ComponentChildren;
}) => {
  const { session } = useConsole();
  useEffect(() => {
    document.getElementById('main')?.focus();
  }, [route]);
  const who = [session.userName, session.projectName ?? session.projectId].filter(Boolean).join(' · ');
  return (
    <>
      {/* a button: the URL fragment is the console's router, so an in-page link would navigate */}
      <button type="button" class="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <span class="brand">Karbor</span>
        <span class="who" title={session.projectId}>
          {who}
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <nav aria-label="Console">
        <ul>
          {sections.map((section) => (
            <li key={section.href}>
              <a href={section.href} aria-current={section.pages.includes(route.page) ? 'page' : undefined}>
                {section.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
};
