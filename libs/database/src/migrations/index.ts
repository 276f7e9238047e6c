import { InitialSchema1795765524502 } from './1795765524502-InitialSchema.js';

/** Every migration, oldest first. Listed by hand so the build and the tests load the same classes. */
export const MIGRATIONS = [InitialSchema1795765524502];
