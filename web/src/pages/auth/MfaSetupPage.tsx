import { Anchor, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { Navigate, useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import { ApiError } from "../../api/errors.ts";
import { AuthLayout } from "../../components/AuthLayout.tsx";
import { FullPageLoader } from "../../components/Loading.tsx";
import { MfaEnrollment } from "../../components/MfaEnrollment.tsx";
import { useSignedOut } from "../../lib/sign-out.ts";
import { SESSION_KEY, useSessionQuery } from "../../session.tsx";

/** Where people land when their organization requires MFA and they have not set it up. */
export function MfaSetupPage() {
  const session = useSessionQuery();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const signedOut = useSignedOut();
  if (session.isPending) return <FullPageLoader />;
  if (session.isError) {
    if (session.error instanceof ApiError && session.error.status === 401) return <Navigate to="/sign-in" replace />;
  }
  if (session.isSuccess && session.data.user.mfaEnabled) return <Navigate to="/" replace />;
  const account = session.data?.user.email ?? "";

  return (
    <AuthLayout
      title="Set up multi-factor authentication"
      subtitle={`${session.data?.organization?.name ?? "Your organization"} requires an authenticator app for every member. It takes a minute.`}
      width={560}
      footer={
        <Text size="sm" c="dimmed">
          Signed in as {account}.{" "}
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => void api.POST("/api/v1/auth/sign-out", { body: {} }).finally(() => signedOut())}
          >
            Sign out
          </Anchor>
        </Text>
      }
    >
      <MfaEnrollment
        account={account}
        doneLabel="Continue to Assay"
        onDone={async () => {
          await qc.invalidateQueries({ queryKey: SESSION_KEY });
          navigate("/", { replace: true });
        }}
      />
    </AuthLayout>
  );
}
