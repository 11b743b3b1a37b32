import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { setCsrfToken } from "../api/client.ts";
import { notifySuccess } from "./notify.ts";

/** Forget everything cached for the previous session and go to the sign-in page. */
export function useSignedOut() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return (message?: string) => {
    setCsrfToken(null);
    qc.clear();
    navigate("/sign-in", { replace: true });
    if (message) notifySuccess(message);
  };
}
