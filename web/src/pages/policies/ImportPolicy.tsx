import { Button, FileButton } from "@mantine/core";
import { IconUpload } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { sendFile } from "../../api/upload.ts";
import { notifyError } from "../../lib/notify.ts";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The media type the server expects for this file: Word by its extension, everything else as Markdown. */
const typeOf = (file: File) => (file.name.toLowerCase().endsWith(".docx") ? DOCX : "text/markdown");

/** Imports a Markdown (.md) or Word (.docx) policy as a new policy with a draft version, then opens it. */
export function ImportPolicyButton() {
  const navigate = useNavigate();
  const upload = useMutation({
    mutationFn: (file: File) => sendFile("/api/v1/policies/import", { data: file, type: typeOf(file) }),
    onSuccess: (p) => navigate(`/policies/${p.id}`),
    onError: (err) => notifyError(err, "Import failed"),
  });
  return (
    <FileButton onChange={(f) => f && upload.mutate(f)} accept={`.md,.markdown,.docx,text/markdown,${DOCX}`}>
      {(props) => (
        <Button {...props} variant="default" leftSection={<IconUpload size={16} />} loading={upload.isPending}>
          Import
        </Button>
      )}
    </FileButton>
  );
}
