import { Button, Center, Code, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Navigate, Outlet, useLocation, useRouteError } from "react-router";
import { api } from "./api/client.ts";
import { ApiError, errorMessage } from "./api/errors.ts";
import { ErrorAlert } from "./components/ErrorAlert.tsx";
import { FullPageLoader } from "./components/Loading.tsx";
import { LogoMark } from "./components/Logo.tsx";
import { NoOrganizationPage } from "./pages/auth/NoOrganizationPage.tsx";
import { SessionProvider, useSessionQuery } from "./session.tsx";

export const SETUP_STATUS_KEY = ["setup-status"] as const;

/** First run: everything leads to /setup until an organization exists; afterwards /setup is gone. */
export function RootGate() {
  const { pathname } = useLocation();
  const status = useQuery({
    queryKey: SETUP_STATUS_KEY,
    queryFn: () => api.GET("/api/v1/setup/status", { quiet: true }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (status.isPending) return <FullPageLoader />;
  if (status.isError) return <ServerUnavailable error={status.error} onRetry={() => status.refetch()} />;
  const needsSetup = status.data.needsSetup;
  if (needsSetup && pathname !== "/setup") return <Navigate to="/setup" replace />;
  if (!needsSetup && pathname === "/setup") return <Navigate to="/" replace />;
  return <Outlet />;
}

/** The signed-in part of the app: a session, an organization, and MFA if the organization requires it. */
export function RequireSession() {
  const location = useLocation();
  const session = useSessionQuery();
  if (session.isPending) return <FullPageLoader />;
  if (session.isError) {
    const err = session.error;
    if (err instanceof ApiError && err.status === 401) {
      const next = encodeURIComponent(location.pathname + location.search);
      return <Navigate to={`/sign-in?next=${next}`} replace />;
    }
    if (err instanceof ApiError && err.code === "mfa_enrollment_required") return <Navigate to="/mfa-setup" replace />;
    return <ServerUnavailable error={err} onRetry={() => session.refetch()} />;
  }
  const s = session.data;
  if (s.mfaEnrollmentRequired && !s.user.mfaEnabled) return <Navigate to="/mfa-setup" replace />;
  if (!s.organization) return <NoOrganizationPage session={s} />;
  return (
    <SessionProvider session={s}>
      <Outlet />
    </SessionProvider>
  );
}

function ServerUnavailable({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <Center mih="100dvh" p="md">
      <Stack maw={440} gap="md" align="center" ta="center">
        <LogoMark size={40} />
        <Title order={1} fz={22}>
          Assay is not answering
        </Title>
        <ErrorAlert error={error} />
        <Button onClick={onRetry}>Try again</Button>
      </Stack>
    </Center>
  );
}

/** Last resort for a page that crashed while rendering. */
export function RouteError() {
  const error = useRouteError();
  return (
    <Center mih="100dvh" p="md">
      <Stack maw={520} gap="md" align="center" ta="center">
        <LogoMark size={40} />
        <Title order={1} fz={22}>
          This page ran into a problem
        </Title>
        <Text c="dimmed" size="sm">
          Reload the page. If it happens again, tell your administrator what you were doing.
        </Text>
        <Code block ta="left" w="100%">
          {errorMessage(error)}
        </Code>
        <Group>
          <Button onClick={() => window.location.reload()}>Reload</Button>
          <Button variant="default" component="a" href="/">
            Go home
          </Button>
        </Group>
      </Stack>
    </Center>
  );
}
