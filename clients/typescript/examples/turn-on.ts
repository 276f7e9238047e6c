import { createPartnerBindingClient } from '@partner-binding/client';

const api = createPartnerBindingClient({ baseUrl: 'http://localhost:3000', token: process.env.PBS_TOKEN });

const { data: me, error } = await api.GET('/v1/me');
if (!me?.account) throw new Error(error?.detail ?? 'Sign in as a seller user');
const { data: page } = await api.GET('/v1/partners', { params: { query: { q: 'integr' } } });
const partner = page?.items.find((item) => item.binding === null);
if (partner && me.permissions.includes('bindings:manage')) {
  const turnOn = await api.POST('/v1/accounts/{accountId}/bindings', {
    params: { path: { accountId: me.account.id }, header: { 'Idempotency-Key': `turn-on-${partner.id}` } },
    body: { partnerId: partner.id },
  });
  console.log(turnOn.data?.status ?? turnOn.error?.code); // "pending", or e.g. "BINDING_EXISTS"
}
