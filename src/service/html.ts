import sanitizeHtml from 'sanitize-html';

/**
 * Customer HTML (email bodies) is sanitised before it is stored: formatting
 * survives, scripts, event handlers, forms, iframes and javascript: links do not.
 */
export function sanitiseEmailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'span', 'font', 'center'],
    allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], '*': ['style', 'align'] },
    allowedSchemes: ['http', 'https', 'mailto', 'cid'],
    allowedSchemesByTag: { img: ['https', 'cid', 'data'] },
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
  });
}

/** Plain text for previews and search when a mail came only as HTML. */
export function htmlToText(html: string): string {
  // Block ends become line breaks and a rule a blank line: mail clients put one above the quoted thread.
  const lines = html.replace(/<hr\b[^>]*>/gi, '\n\n').replace(/<br\b[^>]*>|<\/(?:p|div|li|h[1-6]|tr|blockquote)\s*>/gi, '\n');
  return sanitizeHtml(lines, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
