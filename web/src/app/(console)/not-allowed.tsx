import { BackToOverview } from '@/components/ui';

/** What a member sees on an admin screen (also when typing its URL): the API would refuse the same. */
export function NotAllowed({ what }: { what: string }) {
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-2xl font-bold">Not allowed</h1>
      <p>{what} is for your organisation&apos;s administrators. Your role does not include it; ask an administrator if you need access.</p>
      <BackToOverview />
    </div>
  );
}
