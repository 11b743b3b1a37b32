// Every test process installs the module manifests, as the server, worker and CLI do at start.
import "../src/modules/manifests.ts";
