import type { ComponentType } from "react";
import { createBrowserRouter, Navigate } from "react-router";
import { AppLayout } from "./components/AppLayout.tsx";
import { RequireSession, RootGate, RouteError } from "./gates.tsx";
import { AccountPage } from "./pages/account/AccountPage.tsx";
import { ActivityPage } from "./pages/activity/ActivityPage.tsx";
import { ForgotPasswordPage } from "./pages/auth/ForgotPasswordPage.tsx";
import { InvitePage } from "./pages/auth/InvitePage.tsx";
import { MfaSetupPage } from "./pages/auth/MfaSetupPage.tsx";
import { ResetPasswordPage } from "./pages/auth/ResetPasswordPage.tsx";
import { SignInPage } from "./pages/auth/SignInPage.tsx";
import { HomePage } from "./pages/HomePage.tsx";
import { JobsPage } from "./pages/jobs/JobsPage.tsx";
import { NotFoundPage } from "./pages/NotFoundPage.tsx";
import { ProgramLayout } from "./pages/program/ProgramLayout.tsx";
import { ProgramsPage } from "./pages/program/ProgramsPage.tsx";
import { InvitationsPage } from "./pages/settings/InvitationsPage.tsx";
import { MembersPage } from "./pages/settings/MembersPage.tsx";
import { NotificationsPage } from "./pages/settings/NotificationsPage.tsx";
import { OrganizationPage } from "./pages/settings/OrganizationPage.tsx";
import { SecurityPage } from "./pages/settings/SecurityPage.tsx";
import { TokensPage } from "./pages/settings/TokensPage.tsx";
import { WebhooksPage } from "./pages/settings/WebhooksPage.tsx";
import { SetupPage } from "./pages/setup/SetupPage.tsx";

/** The program pages load on first visit (they bring the charts library along). */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => ({
  lazy: async () => ({ Component: (await load())[name] }),
});

/** Pages that work without a session; a 401 elsewhere sends people to sign in. */
const PUBLIC_PATHS = ["/setup", "/sign-in", "/forgot-password", "/reset-password", "/invite", "/vendor-questionnaire"];
export const isPublicPath = (pathname: string) => PUBLIC_PATHS.includes(pathname);

export const router = createBrowserRouter([
  {
    element: <RootGate />,
    errorElement: <RouteError />,
    children: [
      { path: "setup", element: <SetupPage /> },
      { path: "sign-in", element: <SignInPage /> },
      { path: "forgot-password", element: <ForgotPasswordPage /> },
      { path: "reset-password", element: <ResetPasswordPage /> },
      { path: "invite", element: <InvitePage /> },
      { path: "vendor-questionnaire", ...page(() => import("./pages/vendors/RespondPage.tsx"), "RespondPage") },
      { path: "mfa-setup", element: <MfaSetupPage /> },
      {
        element: <RequireSession />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <HomePage /> },
              { path: "account", element: <AccountPage /> },
              { path: "settings", element: <Navigate to="/settings/organization" replace /> },
              { path: "settings/organization", element: <OrganizationPage /> },
              { path: "settings/members", element: <MembersPage /> },
              { path: "settings/invitations", element: <InvitationsPage /> },
              { path: "settings/tokens", element: <TokensPage /> },
              { path: "settings/security", element: <SecurityPage /> },
              { path: "settings/notifications", element: <NotificationsPage /> },
              { path: "settings/webhooks", element: <WebhooksPage /> },
              { path: "activity", element: <ActivityPage /> },
              { path: "portal", ...page(() => import("./pages/portal/PortalPage.tsx"), "PortalPage") },
              { path: "jobs", element: <JobsPage /> },
              { path: "program", element: <Navigate to="/programs" replace /> },
              { path: "programs", element: <ProgramsPage /> },
              {
                path: "programs/:programId",
                element: <ProgramLayout />,
                children: [
                  {
                    index: true,
                    ...page(() => import("./pages/program/dashboard/DashboardPage.tsx"), "DashboardPage"),
                  },
                  { path: "scope", ...page(() => import("./pages/program/scope/ScopeWizard.tsx"), "ScopeWizard") },
                  {
                    path: "assessment",
                    ...page(() => import("./pages/program/assessment/AssessmentPage.tsx"), "AssessmentPage"),
                  },
                  {
                    path: "controls/:key?",
                    ...page(() => import("./pages/program/controls/ControlsPage.tsx"), "ControlsPage"),
                  },
                  {
                    path: "readiness",
                    ...page(() => import("./pages/program/readiness/ReadinessPage.tsx"), "ReadinessPage"),
                  },
                  {
                    path: "remediation/:itemId?",
                    ...page(() => import("./pages/program/remediation/RemediationPage.tsx"), "RemediationPage"),
                  },
                  {
                    path: "frameworks",
                    ...page(() => import("./pages/program/frameworks/FrameworksPage.tsx"), "FrameworksPage"),
                  },
                  {
                    path: "frameworks/:frameworkId",
                    ...page(() => import("./pages/program/frameworks/FrameworkDetailPage.tsx"), "FrameworkDetailPage"),
                  },
                ],
              },
              { path: "monitoring", element: <Navigate to="/monitoring/integrations" replace /> },
              {
                path: "monitoring/integrations",
                ...page(() => import("./pages/monitoring/IntegrationsPage.tsx"), "IntegrationsPage"),
              },
              {
                path: "monitoring/resources/:resourceId?",
                ...page(() => import("./pages/monitoring/ResourcesPage.tsx"), "ResourcesPage"),
              },
              { path: "monitoring/tests", ...page(() => import("./pages/monitoring/TestsPage.tsx"), "TestsPage") },
              {
                path: "monitoring/tests/:testId",
                ...page(() => import("./pages/monitoring/TestDetailPage.tsx"), "TestDetailPage"),
              },
              {
                path: "monitoring/exceptions",
                ...page(() => import("./pages/monitoring/ExceptionsPage.tsx"), "ExceptionsPage"),
              },
              { path: "devices/:deviceId?", ...page(() => import("./pages/devices/DevicesPage.tsx"), "DevicesPage") },
              {
                path: "portal/devices",
                ...page(() => import("./pages/devices/MyDevicesPage.tsx"), "MyDevicesPage"),
              },
              {
                path: "evidence",
                ...page(() => import("./pages/evidence/EvidenceLibraryPage.tsx"), "EvidenceLibraryPage"),
              },
              {
                path: "evidence/:evidenceId",
                ...page(() => import("./pages/evidence/EvidenceDetailPage.tsx"), "EvidenceDetailPage"),
              },
              {
                path: "access-reviews",
                ...page(() => import("./pages/access-reviews/AccessReviewsPage.tsx"), "AccessReviewsPage"),
              },
              {
                path: "access-reviews/assigned",
                ...page(() => import("./pages/access-reviews/AssignedPage.tsx"), "AssignedPage"),
              },
              {
                path: "access-reviews/:id",
                ...page(() => import("./pages/access-reviews/AccessReviewPage.tsx"), "AccessReviewPage"),
              },
              // Policies: the organization's own, the templates to adopt them from, and the portal's acceptance pages.
              { path: "policies", ...page(() => import("./pages/policies/OrgPoliciesPage.tsx"), "OrgPoliciesPage") },
              {
                path: "policies/templates",
                ...page(() => import("./pages/policies/PoliciesPage.tsx"), "PoliciesPage"),
              },
              {
                path: "policies/templates/:policyId",
                ...page(() => import("./pages/policies/PolicyDetailPage.tsx"), "PolicyDetailPage"),
              },
              // security awareness training: the admin page and each person's own course in the portal
              {
                path: "training",
                ...page(() => import("./pages/training/TrainingAdminPage.tsx"), "TrainingAdminPage"),
              },
              {
                path: "portal/training",
                ...page(() => import("./pages/training/PortalTrainingPage.tsx"), "PortalTrainingPage"),
              },
              {
                path: "portal/training/external",
                ...page(() => import("./pages/training/PortalExternalPage.tsx"), "PortalExternalPage"),
              },
              // Registers.
              { path: "changes", ...page(() => import("./pages/changes/ChangesPage.tsx"), "ChangesPage") },
              { path: "changes/new", ...page(() => import("./pages/changes/NewChangePage.tsx"), "NewChangePage") },
              {
                path: "changes/population",
                ...page(() => import("./pages/changes/PopulationPage.tsx"), "PopulationPage"),
              },
              { path: "changes/:changeId", ...page(() => import("./pages/changes/ChangePage.tsx"), "ChangePage") },
              { path: "risks", ...page(() => import("./pages/risks/RisksPage.tsx"), "RisksPage") },
              {
                path: "risks/assessments",
                ...page(() => import("./pages/risks/AssessmentsPage.tsx"), "AssessmentsPage"),
              },
              {
                path: "risks/settings",
                ...page(() => import("./pages/risks/RiskSettingsPage.tsx"), "RiskSettingsPage"),
              },
              { path: "risks/:riskId", ...page(() => import("./pages/risks/RiskPage.tsx"), "RiskPage") },
              {
                path: "vulnerabilities",
                ...page(() => import("./pages/vulnerabilities/VulnerabilitiesPage.tsx"), "VulnerabilitiesPage"),
              },
              {
                path: "vulnerabilities/imports",
                ...page(() => import("./pages/vulnerabilities/ImportsPage.tsx"), "ImportsPage"),
              },
              {
                path: "vulnerabilities/:findingId",
                ...page(() => import("./pages/vulnerabilities/VulnerabilityPage.tsx"), "VulnerabilityPage"),
              },
              { path: "assets", ...page(() => import("./pages/assets/AssetsPage.tsx"), "AssetsPage") },
              { path: "assets/:assetId", ...page(() => import("./pages/assets/AssetPage.tsx"), "AssetPage") },
              { path: "continuity", ...page(() => import("./pages/continuity/ContinuityPage.tsx"), "ContinuityPage") },
              {
                path: "continuity/plans/:planId",
                ...page(() => import("./pages/continuity/PlanPage.tsx"), "PlanPage"),
              },
              {
                path: "continuity/tests/:testId",
                ...page(() => import("./pages/continuity/TestPage.tsx"), "TestPage"),
              },
              { path: "incidents", ...page(() => import("./pages/incidents/IncidentsPage.tsx"), "IncidentsPage") },
              {
                path: "incidents/tabletops",
                ...page(() => import("./pages/incidents/TabletopsPage.tsx"), "TabletopsPage"),
              },
              {
                path: "incidents/:incidentId",
                ...page(() => import("./pages/incidents/IncidentPage.tsx"), "IncidentPage"),
              },
              { path: "vendors", ...page(() => import("./pages/vendors/VendorsPage.tsx"), "VendorsPage") },
              {
                path: "vendors/subprocessors",
                ...page(() => import("./pages/vendors/SubprocessorsPage.tsx"), "SubprocessorsPage"),
              },
              {
                path: "vendors/questionnaire-templates",
                ...page(() => import("./pages/vendors/TemplatesPage.tsx"), "TemplatesPage"),
              },
              { path: "vendors/:vendorId", ...page(() => import("./pages/vendors/VendorPage.tsx"), "VendorPage") },
              // People: directory, person, dashboard, settings and the portal's checklist steps.
              { path: "people", ...page(() => import("./pages/people/PeoplePage.tsx"), "PeoplePage") },
              {
                path: "people/dashboard",
                ...page(() => import("./pages/people/PeopleDashboardPage.tsx"), "PeopleDashboardPage"),
              },
              { path: "people/:personId", ...page(() => import("./pages/people/PersonPage.tsx"), "PersonPage") },
              {
                path: "settings/people",
                ...page(() => import("./pages/people/PeopleSettingsPage.tsx"), "PeopleSettingsPage"),
              },
              {
                path: "portal/tasks/checklist/:itemId?",
                ...page(() => import("./pages/people/MyStepsPage.tsx"), "MyStepsPage"),
              },
              { path: "policies/:policyId", ...page(() => import("./pages/policies/PolicyPage.tsx"), "PolicyPage") },
              {
                path: "portal/policies",
                ...page(() => import("./pages/policies/portal/MyPoliciesPage.tsx"), "MyPoliciesPage"),
              },
              {
                path: "portal/policies/:policyId",
                ...page(() => import("./pages/policies/portal/MyPolicyPage.tsx"), "MyPolicyPage"),
              },
              { path: "*", element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);
