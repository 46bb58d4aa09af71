import type { Page } from '@playwright/test';

/**
 * Measurements of what the browser really drew (rendered boxes, computed styles), shared by the
 * layout specs. Each returns a list of findings, empty when the page is right, so a failure says
 * which element and by how much.
 */

/** Everything that could scroll: the document, and any element whose content overflows a scrolling box. */
export async function scrollers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const doc = document.scrollingElement ?? document.documentElement;
    if (doc.scrollHeight > window.innerHeight + 1 || doc.scrollWidth > window.innerWidth + 1)
      found.push(
        `document ${doc.scrollWidth}×${doc.scrollHeight} in ${window.innerWidth}×${window.innerHeight}`,
      );
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const style = getComputedStyle(el);
      const scrollsY = /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
      const scrollsX = /(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
      if (scrollsX || scrollsY) found.push(`${el.tagName.toLowerCase()}.${el.className}`);
    }
    return found;
  });
}

/** Elements not wholly inside the viewport. */
export async function outOfView(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((els) =>
    els
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return (
          r.width === 0 ||
          r.top < 0 ||
          r.left < 0 ||
          r.bottom > innerHeight + 0.5 ||
          r.right > innerWidth + 0.5
        );
      })
      .map((el) => el.getAttribute('data-testid') ?? el.tagName),
  );
}

/**
 * Kiosk agent cards shorter than the card the layout was sized for (the hidden probe holds a card's
 * every line): a squeezed card cuts its last line whatever state the agent is in when the test looks.
 */
export async function squeezedCards(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const probe = document.querySelector('.kiosk-card-probe');
    if (!probe) return [];
    const need = probe.getBoundingClientRect().height;
    return Array.from(document.querySelectorAll('[data-testid^="agent-card-"]'))
      .map((el) => ({ id: el.getAttribute('data-testid'), h: el.getBoundingClientRect().height }))
      .filter((c) => c.h < need - 1)
      .map((c) => `${c.id}: ${c.h.toFixed(0)} px of ${need.toFixed(0)}`);
  });
}

export interface TextFindings {
  /** Visible text nodes measured. */
  readonly count: number;
  /** The smallest computed font size among them, px. */
  readonly smallest: number;
  /** Texts under `minPx`: "<text>: <size>px". */
  readonly small: string[];
  /** Texts cut, ellipsed, clipped, or drawn outside their tile / row / card / panel head. */
  readonly cut: string[];
}

/**
 * Every visible text node under `root`: its computed font size against `minPx`, and whether any of it
 * is cut. A text is cut when its element has `text-overflow: ellipsis` and overflows, when its element
 * (or an ancestor) clips it (its rendered range reaches outside a box with overflow other than
 * visible), when it is drawn outside the tile, table row, agent card or panel head it belongs to, or
 * when another element is drawn over it.
 * Text that is visually hidden (sr-only, 1 px clip boxes) is left out.
 */
export async function measureTexts(page: Page, root: string, minPx: number): Promise<TextFindings> {
  return page.evaluate(
    ({ root, minPx }) => {
      const OWNERS = '[data-testid^="tile-"], tr, [data-testid^="agent-card-"], .kiosk-panel-head, header';
      const label = (t: string) => (t.length > 40 ? `${t.slice(0, 40)}…` : t);
      const out = {
        count: 0,
        smallest: Number.POSITIVE_INFINITY,
        small: [] as string[],
        cut: [] as string[],
      };
      const base = document.querySelector(root);
      if (!base) return out;
      const walker = document.createTreeWalker(base, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        const text = n.textContent?.trim() ?? '';
        if (!el || !text || el.closest('.sr-only,[hidden]')) continue;
        const box = el.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none') continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        const r = range.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        out.count++;
        const size = Number.parseFloat(style.fontSize);
        out.smallest = Math.min(out.smallest, size);
        if (size < minPx) out.small.push(`${label(text)}: ${size.toFixed(1)}px`);

        const problems: string[] = [];
        // Any ellipsing or clipping box the text reaches out of (1 px of anti-aliasing slack).
        for (let a: HTMLElement | null = el; a && a !== document.body; a = a.parentElement) {
          const s = getComputedStyle(a);
          const b = a.getBoundingClientRect();
          if (s.textOverflow === 'ellipsis' && a.scrollWidth > a.clientWidth + 1) {
            problems.push(`ellipsed by ${a.tagName.toLowerCase()}.${a.className}`);
            break;
          }
          const clipX = s.overflowX !== 'visible';
          const clipY = s.overflowY !== 'visible';
          if (clipX && (r.left < b.left - 1 || r.right > b.right + 1)) {
            problems.push(`clipped sideways by ${a.tagName.toLowerCase()}.${a.className}`);
            break;
          }
          if (clipY && (r.top < b.top - 1 || r.bottom > b.bottom + 1)) {
            problems.push(`clipped top/bottom by ${a.tagName.toLowerCase()}.${a.className}`);
            break;
          }
        }
        // Drawn over by another element (a badge over a label): the topmost element at the text's
        // middle is neither its own nor inside it.
        const cx = (r.left + r.right) / 2;
        const cy = (r.top + r.bottom) / 2;
        if (cx >= 0 && cy >= 0 && cx < innerWidth && cy < innerHeight) {
          const top = document.elementFromPoint(cx, cy);
          if (top && top !== el && !el.contains(top) && !top.contains(el))
            problems.push(`covered by ${top.tagName.toLowerCase()}.${top.className}`);
        }
        // Inside its own table cell: a heading that runs into the next column's is cut too.
        const cell = el.closest('td, th');
        if (cell) {
          const c = cell.getBoundingClientRect();
          if (r.left < c.left - 1 || r.right > c.right + 1) problems.push('outside its table cell');
        }
        const owner = el.closest(OWNERS);
        if (owner) {
          const o = owner.getBoundingClientRect();
          if (r.left < o.left - 1 || r.right > o.right + 1 || r.top < o.top - 1 || r.bottom > o.bottom + 1)
            problems.push(`outside its ${owner.getAttribute('data-testid') ?? owner.tagName.toLowerCase()}`);
        }
        if (r.left < -1 || r.top < -1 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1)
          problems.push('outside the screen');
        if (problems.length > 0) out.cut.push(`"${label(text)}": ${problems.join(', ')}`);
      }
      return out;
    },
    { root, minPx },
  );
}

/** Boxes of the elements matching `selector`, by their text: a width change is a layout jump. */
export async function widths(page: Page, selector: string): Promise<number[]> {
  return page
    .locator(selector)
    .evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().width * 10) / 10));
}

/**
 * Characters the page's fonts cannot draw (the browser falls back to an empty box): each is drawn on
 * a canvas in `font` beside a character no font has (a private-use code point), and a character
 * whose pixels equal that box's is missing.
 */
export async function missingGlyphs(page: Page, chars: readonly string[], font: string): Promise<string[]> {
  return page.evaluate(
    ({ chars, font }) => {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx) return ['no canvas'];
      const pixels = (c: string) => {
        ctx.clearRect(0, 0, 64, 64);
        ctx.font = font;
        ctx.fillText(c, 8, 48);
        return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(',');
      };
      const box = pixels('\u{10FFFD}');
      return chars.filter((c) => pixels(c) === box);
    },
    { chars: [...chars], font },
  );
}
