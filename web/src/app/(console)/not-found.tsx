import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-2xl font-bold">Not found</h1>
      <p>There is nothing here in your organisation. It may have been deleted, or the link is wrong.</p>
      <p>
        <Link href="/" className="font-medium text-blue-800 underline dark:text-blue-300">
          Back to the overview
        </Link>
      </p>
    </div>
  );
}
