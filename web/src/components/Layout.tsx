import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { errorMessage } from '../api';
import { initials } from '../format';
import { LiveProvider } from '../live';
import { useMe, useSession } from '../session';
import { AvailabilityToggle } from './AvailabilityToggle';
import { Icon, type IconName } from './Icon';

function NavItem({ href, icon, also, children }: { href: string; icon: IconName; also?: string; children: ReactNode }) {
  const [location] = useLocation();
  const under = (path: string) => location === path || location.startsWith(`${path}/`);
  const active = under(href) || (also !== undefined && under(also));
  return (
    <Link href={href} className={`nav-item${active ? ' active' : ''}`} aria-current={active ? 'page' : undefined}>
      <Icon name={icon} />
      <span>{children}</span>
    </Link>
  );
}

function WorkspaceSwitcher() {
  const me = useMe();
  const { switchWorkspace } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (me.workspaces.length < 2) {
    return (
      <div className="workspace">
        <span className="workspace-mark" aria-hidden="true">{me.workspace.name.slice(0, 1).toUpperCase()}</span>
        <span className="workspace-name">{me.workspace.name}</span>
      </div>
    );
  }
  return (
    <div className="workspace-switch">
      <label htmlFor="workspace-select" className="sr-only">
        Workspace
      </label>
      <select
        id="workspace-select"
        value={me.workspace.id}
        disabled={busy}
        onChange={async (e) => {
          setBusy(true);
          setError(null);
          try {
            await switchWorkspace(e.target.value);
          } catch (err) {
            setError(errorMessage(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        {me.workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The user's name in the sidebar's foot: a menu to change the password and sign out (here, or everywhere). */
function UserMenu() {
  const me = useMe();
  const { logout, logoutEverywhere } = useSession();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOutside = (e: MouseEvent) => menu.current?.contains(e.target as Node) || setOpen(false);
    const closeOnEscape = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', closeOutside);
    document.addEventListener('keydown', closeOnEscape);
    return () => {
      document.removeEventListener('mousedown', closeOutside);
      document.removeEventListener('keydown', closeOnEscape);
    };
  }, [open]);

  return (
    <div className="sidebar-footer" ref={menu}>
      <button type="button" className="me me-button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)} title="Account">
        <span className="avatar small" aria-hidden="true">{initials(me.user.name || me.user.email)}</span>
        <span className="me-text">
          <span className="me-name">{me.user.name}</span>
          <span className="me-role">{me.workspace.role}</span>
        </span>
      </button>
      <button type="button" className="btn ghost small icon-only" onClick={logout} title="Log out" aria-label="Log out">
        <Icon name="logout" />
      </button>
      {open && (
        <div className="user-menu" role="menu" aria-label="Account">
          <Link href="/settings/account" role="menuitem" className="user-menu-item" onClick={() => setOpen(false)}>
            Change password
          </Link>
          <button
            type="button"
            role="menuitem"
            className="user-menu-item"
            title="End your sessions on every device and in every workspace"
            onClick={() => {
              setError(null);
              logoutEverywhere().catch((err: unknown) => setError(errorMessage(err)));
            }}
          >
            Sign out everywhere
          </button>
          <button type="button" role="menuitem" className="user-menu-item" onClick={logout}>
            Log out
          </button>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const me = useMe();
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Touchpoint
        </div>
        <WorkspaceSwitcher />
        <nav className="nav" aria-label="Main">
          <NavItem href="/inbox" icon="inbox" also="/tickets">
            Inbox
          </NavItem>
          <NavItem href="/customers" icon="customers">
            Customers
          </NavItem>
          <NavItem href="/touchpoints" icon="touchpoints">
            Touchpoints
          </NavItem>
          <NavItem href="/surveys" icon="survey">
            Surveys
          </NavItem>
          <NavItem href="/reports" icon="chart">
            Reports
          </NavItem>
          <NavItem href="/insights" icon="insights">
            Insights
          </NavItem>
          <NavItem href="/outreach" icon="outreach">
            Outreach
          </NavItem>
          <div className="nav-section">Settings</div>
          <NavItem href="/settings/keys" icon="key">
            API keys
          </NavItem>
          <NavItem href="/settings/people" icon="people">
            People
          </NavItem>
        </nav>
        {me.workspace.role !== 'analyst' && <AvailabilityToggle key={me.workspace.id} />}
        <UserMenu />
      </aside>
      <main className="main" key={me.workspace.id}>
        <LiveProvider key={me.workspace.id}>{children}</LiveProvider>
      </main>
    </div>
  );
}
