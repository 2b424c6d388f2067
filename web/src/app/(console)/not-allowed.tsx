import { BackToOverview } from '@/components/ui';

/** What someone sees on a screen their role does not include (also when typing its URL): the API would refuse the same. */
export function NotAllowed({ what, platform = false }: { what: string; platform?: boolean }) {
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-2xl font-bold">Not allowed</h1>
      <p>
        {what} is for {platform ? 'Sentinel’s platform administrators' : 'your organisation’s administrators'}. Your role does not include it; ask an
        administrator if you need access.
      </p>
      <BackToOverview />
    </div>
  );
}
