// Saving a file the user asked for: a download (Electron shows its Save dialog; a browser saves it).
export function downloadFile(fileName: string, content: { base64: string } | { text: string }, type = 'application/octet-stream'): void {
  const bytes = 'text' in content ? new TextEncoder().encode(content.text) : Uint8Array.from(atob(content.base64), (c) => c.charCodeAt(0));
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
