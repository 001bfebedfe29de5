// Saving a file the user asked for: a download (Electron shows its Save dialog; a browser saves it).
export function downloadFile(
  fileName: string,
  content: { base64: string } | { text: string },
  type = 'application/octet-stream',
): void {
  const bytes =
    'text' in content
      ? new TextEncoder().encode(content.text)
      : Uint8Array.from(atob(content.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** True in the browser mode (the page's window.api is the loopback bridge, set up by web-bridge.ts). */
export function inBrowserMode(): boolean {
  return document.documentElement.dataset.bridge === 'web';
}

/** Where downloadFile put the files, in words for the user. */
export function whereDownloadsGo(): string {
  return inBrowserMode()
    ? "your browser's downloads folder (usually Downloads; the browser's download list shows where)"
    : 'the folder you chose in the Save dialog';
}
