import { Redirect, Route, Switch, useLocation, useSearch, useSearchParams } from 'wouter';
import { Layout } from './components/Layout';
import { SessionProvider, useSession } from './session';
import { LoginPage } from './pages/LoginPage';
import { InboxPage } from './pages/InboxPage';
import { TicketPage } from './pages/TicketPage';
import { NewTicketPage } from './pages/NewTicketPage';
import { CustomersPage } from './pages/CustomersPage';
import { CustomerPage } from './pages/CustomerPage';
import { TouchpointsPage } from './pages/TouchpointsPage';
import { KeysPage } from './pages/KeysPage';
import { PeoplePage } from './pages/PeoplePage';
import { AccountPage } from './pages/AccountPage';
import { TeamsPage } from './pages/TeamsPage';
import { MacrosPage } from './pages/MacrosPage';
import { AutomationsPage } from './pages/AutomationsPage';
import { ReportsPage } from './pages/ReportsPage';
import { TriagePage } from './pages/TriagePage';
import { SurveysPage } from './pages/SurveysPage';
import { InsightsPage } from './pages/InsightsPage';
import { OutreachPage } from './pages/OutreachPage';
import { NotFoundPage } from './pages/NotFoundPage';

/** Only a path of this app: never an open redirect to another site. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/inbox';
}

/** A fresh form when the query changes (New ticket after Log a call). */
function NewTicketRoute() {
  const search = useSearch();
  return <NewTicketPage key={search} />;
}

function Routes() {
  const { me } = useSession();
  const [location] = useLocation();
  const [params] = useSearchParams();

  if (location === '/login') return me ? <Redirect to={safeNext(params.get('next'))} replace /> : <LoginPage />;
  if (!me) {
    const next = location === '/' ? '' : `?next=${encodeURIComponent(location + window.location.search)}`;
    return <Redirect to={`/login${next}`} replace />;
  }
  return (
    <Layout>
      <Switch>
        <Route path="/">
          <Redirect to="/inbox" replace />
        </Route>
        <Route path="/inbox" component={InboxPage} />
        <Route path="/tickets">
          <Redirect to="/inbox" replace />
        </Route>
        <Route path="/tickets/new" component={NewTicketRoute} />
        <Route path="/tickets/:id">{(params) => <TicketPage key={params.id} id={params.id} />}</Route>
        <Route path="/customers" component={CustomersPage} />
        <Route path="/customers/:id">{(params) => <CustomerPage key={params.id} id={params.id} />}</Route>
        <Route path="/touchpoints" component={TouchpointsPage} />
        <Route path="/surveys" component={SurveysPage} />
        <Route path="/reports" component={ReportsPage} />
        <Route path="/insights" component={InsightsPage} />
        <Route path="/outreach" component={OutreachPage} />
        <Route path="/settings">
          <Redirect to="/settings/keys" replace />
        </Route>
        <Route path="/settings/keys" component={KeysPage} />
        <Route path="/settings/people" component={PeoplePage} />
        <Route path="/settings/teams" component={TeamsPage} />
        <Route path="/settings/macros" component={MacrosPage} />
        <Route path="/settings/automations" component={AutomationsPage} />
        <Route path="/settings/triage" component={TriagePage} />
        <Route path="/settings/account" component={AccountPage} />
        <Route component={NotFoundPage} />
      </Switch>
    </Layout>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Routes />
    </SessionProvider>
  );
}
