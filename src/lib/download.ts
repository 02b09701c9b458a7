// Hands a file to the browser's download machinery.
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has been handed over once click() returns; revoke on the next tick.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
