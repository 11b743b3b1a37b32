import { notifications } from "@mantine/notifications";
import { errorMessage } from "../api/errors.ts";

export const notifySuccess = (message: string, title?: string) =>
  notifications.show({ color: "teal", title, message, autoClose: 4000 });

export const notifyError = (err: unknown, title = "That did not work") =>
  notifications.show({ color: "red", title, message: errorMessage(err), autoClose: 8000 });
