import { Flex, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import type { StaffRole } from '../../../shared/schemas/auth';
import { RequireRole } from './RequireRole';

// One chunk per page, so a shopper on /shop never downloads the staff console.
const LandingPage = lazy(() =>
  import('../features/landing/LandingPage').then((m) => ({ default: m.LandingPage })),
);
const LoginPage = lazy(() =>
  import('../features/login/LoginPage').then((m) => ({ default: m.LoginPage })),
);
const ConsolePage = lazy(() =>
  import('../features/console/ConsolePage').then((m) => ({ default: m.ConsolePage })),
);
const SupervisorPage = lazy(() =>
  import('../features/supervisor/SupervisorPage').then((m) => ({ default: m.SupervisorPage })),
);
const BundlesPage = lazy(() =>
  import('../features/supervisor/bundles/BundlesPage').then((m) => ({ default: m.BundlesPage })),
);
const ScriptsPage = lazy(() =>
  import('../features/supervisor/scripts/ScriptsPage').then((m) => ({ default: m.ScriptsPage })),
);
const QualityRulesPage = lazy(() =>
  import('../features/supervisor/quality/QualityRulesPage').then((m) => ({
    default: m.QualityRulesPage,
  })),
);
const OutreachRulesPage = lazy(() =>
  import('../features/supervisor/outreach/OutreachRulesPage').then((m) => ({
    default: m.OutreachRulesPage,
  })),
);
const LiveMonitorPage = lazy(() =>
  import('../features/supervisor/live/LiveMonitorPage').then((m) => ({
    default: m.LiveMonitorPage,
  })),
);
const TrainerPage = lazy(() =>
  import('../features/trainer/TrainerPage').then((m) => ({ default: m.TrainerPage })),
);
const ReviewsPage = lazy(() =>
  import('../features/trainer/ReviewsPage').then((m) => ({ default: m.ReviewsPage })),
);
const AdminStaffPage = lazy(() =>
  import('../features/admin/AdminStaffPage').then((m) => ({ default: m.AdminStaffPage })),
);
const ShopPage = lazy(() =>
  import('../features/shop/ShopPage').then((m) => ({ default: m.ShopPage })),
);
const NotFoundPage = lazy(() =>
  import('../features/not-found/NotFoundPage').then((m) => ({ default: m.NotFoundPage })),
);

// Supervisors and admins may step into any staff page; the server decides what they can do there.
const consoleRoles: readonly StaffRole[] = ['agent', 'supervisor', 'admin'];
const supervisorRoles: readonly StaffRole[] = ['supervisor', 'admin'];
const trainerRoles: readonly StaffRole[] = ['trainer', 'supervisor', 'admin'];
const adminRoles: readonly StaffRole[] = ['admin'];

function PageLoading() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

export function AppRoutes() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route path="/" element={<LandingPage />} />
        <Route path="/login" element={<LoginPage />} />
        <Route path="/shop" element={<ShopPage />} />
        <Route
          path="/console"
          element={
            <RequireRole roles={consoleRoles} render={(user) => <ConsolePage user={user} />} />
          }
        />
        <Route
          path="/supervisor"
          element={
            <RequireRole
              roles={supervisorRoles}
              render={(user) => <SupervisorPage user={user} />}
            />
          }
        />
        <Route
          path="/supervisor/bundles"
          element={
            <RequireRole roles={supervisorRoles} render={(user) => <BundlesPage user={user} />} />
          }
        />
        <Route
          path="/supervisor/scripts"
          element={
            <RequireRole roles={supervisorRoles} render={(user) => <ScriptsPage user={user} />} />
          }
        />
        <Route
          path="/supervisor/quality"
          element={
            <RequireRole
              roles={supervisorRoles}
              render={(user) => <QualityRulesPage user={user} />}
            />
          }
        />
        <Route
          path="/supervisor/outreach"
          element={
            <RequireRole
              roles={supervisorRoles}
              render={(user) => <OutreachRulesPage user={user} />}
            />
          }
        />
        <Route
          path="/supervisor/live"
          element={
            <RequireRole
              roles={supervisorRoles}
              render={(user) => <LiveMonitorPage user={user} />}
            />
          }
        />
        <Route
          path="/trainer"
          element={
            <RequireRole roles={trainerRoles} render={(user) => <TrainerPage user={user} />} />
          }
        />
        <Route
          path="/reviews"
          element={
            <RequireRole roles={consoleRoles} render={(user) => <ReviewsPage user={user} />} />
          }
        />
        <Route
          path="/admin"
          element={
            <RequireRole roles={adminRoles} render={(user) => <AdminStaffPage user={user} />} />
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  );
}
