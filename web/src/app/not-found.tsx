import Link from 'next/link';
import { AuthCard } from '@/components/ui';

export default function NotFound() {
  return (
    <AuthCard title="Not found">
      <p className="mb-3">There is no page at this address.</p>
      <Link href="/" className="font-medium text-blue-800 underline dark:text-blue-300">
        Go to the console
      </Link>
    </AuthCard>
  );
}
