// Copies text to the clipboard. The async Clipboard API needs a permission that the hardened Electron
// window denies, so fall back to the selection-based copy, which needs none.
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    // Deprecated, and still the one copy path that works without a permission prompt.
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}
