import { Link, useLocation } from 'wouter';

const TABS = [
  { href: '/settings/keys', label: 'API keys' },
  { href: '/settings/people', label: 'People' },
  { href: '/settings/teams', label: 'Teams' },
  { href: '/settings/macros', label: 'Macros' },
  { href: '/settings/automations', label: 'Automations' },
  { href: '/settings/triage', label: 'Triage' },
  { href: '/settings/account', label: 'Your account' },
];

export function SettingsTabs() {
  const [location] = useLocation();
  return (
    <nav className="subnav" aria-label="Settings">
      {TABS.map((t) => (
        <Link key={t.href} href={t.href} className={`subnav-item${location === t.href ? ' active' : ''}`} aria-current={location === t.href ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
