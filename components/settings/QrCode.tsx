'use client';

import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code of a kiosk URL, to open it on a TV's browser with a phone instead of typing the token. */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(text, { margin: 1, width: 240, errorCorrectionLevel: 'M' })
      .then((url) => live && setSrc(url))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [text]);
  // biome-ignore lint/performance/noImgElement: a generated data URL, nothing for next/image to optimise
  return src ? <img src={src} width={240} height={240} alt={label} data-testid="kiosk-qr" /> : null;
}
