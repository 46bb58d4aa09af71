/**
 * A report's CSV: a plain link to the API with the page's query and `format=csv` (the server names
 * the file and streams it; the session cookie goes along), so the download is exactly the API's rows.
 */
export function CsvLink({ href, label, testId }: { href: string; label: string; testId: string }) {
  return (
    <a className="button-link csv-link print:hidden" href={href} download data-testid={testId}>
      {label}
    </a>
  );
}
