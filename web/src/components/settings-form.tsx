'use client';
// A tenant admin renames their organisation (the one setting the API lets them change).
import { browserApi } from '@/api/browser';
import { NameForm } from './profile-forms';

export function SettingsForm({ id, displayName }: { id: string; displayName: string }) {
  return (
    <NameForm
      label="Organisation name"
      hint="Shown to everyone in your organisation."
      value={displayName}
      autoComplete="organization"
      savedText="The organisation's name was saved."
      buttonText="Save"
      save={(name) => browserApi.PATCH('/api/v1/tenants/{id}', { params: { path: { id } }, body: { displayName: name } })}
    />
  );
}
