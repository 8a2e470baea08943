/** What the status bar says when requests time out or the change stream goes silent. */
export const NOT_ANSWERING = "Server not answering";
