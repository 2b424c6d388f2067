// The console's map.
/** What each role finds in the navigation; every screen also checks the role itself (typed URLs). */
export function navigation(role: string): { href: string; label: string }[] {
  const overview = { href: '/', label: 'Overview' };
  const profile = { href: '/profile', label: 'Profile' };
  const admin = [
    { href: '/users', label: 'Users' },
    { href: '/audit', label: 'Audit log' },
    { href: '/jobs', label: 'Jobs' },
  ];
  if (role === 'platform_admin') return [overview, { href: '/tenants', label: 'Tenants' }, ...admin, { href: '/api-keys', label: 'API keys' }, profile];
  if (role === 'tenant_admin')
    return [
      overview,
      ...admin,
      { href: '/usage', label: 'Usage' },
      { href: '/api-keys', label: 'API keys' },
      { href: '/webhooks', label: 'Webhooks' },
      { href: '/settings', label: 'Settings' },
      profile,
    ];
  return [overview, { href: '/directory', label: 'Directory' }, profile];
}
