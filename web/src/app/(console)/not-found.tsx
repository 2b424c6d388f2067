import { BackToOverview } from '@/components/ui';

export default function NotFound() {
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-2xl font-bold">Not found</h1>
      <p>There is nothing here in your organisation. It may have been deleted, or the link is wrong.</p>
      <BackToOverview />
    </div>
  );
}
