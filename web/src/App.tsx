import { localStorageColorSchemeManager, MantineProvider } from "@mantine/core";
import { DatesProvider } from "@mantine/dates";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router";
import { setApiHandlers } from "./api/client.ts";
import { queryClient } from "./lib/query.ts";
import { isPublicPath, router } from "./router.tsx";
import { cssVariablesResolver, theme } from "./theme.ts";

/** The per-response CSP nonce the server wrote into index.html; Mantine adds it to its <style> tags. */
function styleNonce(): string {
  const v = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? "";
  return v === "__CSP_NONCE__" ? "" : v; // the Vite dev server does not fill it (and sends no CSP)
}
const nonce = styleNonce();
// Modals lock scrolling through react-remove-scroll, which adds its own <style> tag and takes the nonce from
// this global (the get-nonce convention); without it the CSP blocks that style.
(globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = nonce || undefined;

const colorSchemeManager = localStorageColorSchemeManager();

setApiHandlers({
  unauthenticated: () => {
    const { pathname, search } = window.location;
    if (isPublicPath(pathname)) return;
    queryClient.removeQueries({ queryKey: ["session"] });
    const next = encodeURIComponent(pathname + search);
    void router.navigate(`/sign-in?next=${next}`, { replace: true });
  },
  mfaEnrollmentRequired: () => {
    if (window.location.pathname !== "/mfa-setup") void router.navigate("/mfa-setup", { replace: true });
  },
});

export function App() {
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="auto"
      colorSchemeManager={colorSchemeManager}
      getStyleNonce={() => nonce}
    >
      <DatesProvider settings={{ firstDayOfWeek: 1 }}>
        <Notifications position="bottom-right" zIndex={1000} />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
