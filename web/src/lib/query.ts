import { QueryClient } from "@tanstack/react-query";
import { setWriteListener } from "../api/client.ts";
import { ApiError } from "../api/errors.ts";
import { invalidateAfterWrite } from "./write-effects.ts";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: true,
      // A 4xx will not get better by asking again.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});

// Every write through the API client refreshes what its domain changes (lib/write-effects.ts) before it resolves.
setWriteListener((path) => invalidateAfterWrite(queryClient, path));
