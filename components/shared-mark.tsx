/** The "Shared" badge in lists: someone else's item a team shares with the user, and whose it is. */
export function SharedMark({ ownerName }: { ownerName: string }) {
  return (
    <span
      className="ml-2 inline-block rounded bg-sky-100 px-1.5 py-0.5 text-xs font-medium text-sky-800 dark:bg-sky-950 dark:text-sky-200"
      data-testid="shared-mark"
    >
      Shared · <bdi>{ownerName}</bdi>
    </span>
  );
}
