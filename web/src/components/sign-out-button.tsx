'use client';
import { useState } from 'react';
import { postSession } from '@/lib/session-client';
import { secondaryButtonClass } from './ui';

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className={secondaryButtonClass}
      disabled={pending}
      onClick={async () => {
        setPending(true);
        // The route clears the cookies whatever the API answers, so the user is signed out either way.
        await postSession('/session/logout');
        window.location.assign('/sign-in?ended=signed-out');
      }}
    >
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
