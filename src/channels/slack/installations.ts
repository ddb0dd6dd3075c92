/**
 * Slack installs across workspaces: Bolt's InstallationStore contract over our state store (SQLite or Redis, so
 * every replica sees every installation). A workspace install is kept by its team id; an org-wide (enterprise)
 * install by its enterprise id, which is what Bolt asks for when an event comes from any workspace of that org.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { Logger } from '../../log.js';
import type { StateStore } from '../../state/store.js';
import { SLACK_REDIRECT_PATH, SLACK_SCOPES } from './manifest-ids.js';

/** The bot scopes an install asks for: those of manifest.json (`validate` checks them). */
export const BOT_SCOPES = SLACK_SCOPES;

/** The install paths Bolt's installer serves (its defaults), routed to it by our own server. */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = SLACK_REDIRECT_PATH;

/** Which workspace or org an installation or a query is about. */
export interface InstallationRef {
  isEnterpriseInstall?: boolean | undefined;
  enterpriseId?: string | undefined;
  teamId?: string | undefined;
}

/** The store key of an installation: `slack:enterprise:E…` for org-wide installs, else `slack:team:T…`. */
export function installationKey(ref: InstallationRef): string {
  if (ref.isEnterpriseInstall) {
    if (!ref.enterpriseId) throw new Error('an enterprise install needs its enterprise id');
    return `slack:enterprise:${ref.enterpriseId}`;
  }
  if (!ref.teamId) throw new Error('a workspace install needs its team id');
  return `slack:team:${ref.teamId}`;
}

/** The workspace or org an installation from oauth.v2.access belongs to. */
function refOf(installation: Installation): InstallationRef {
  return { isEnterpriseInstall: installation.isEnterpriseInstall, enterpriseId: installation.enterprise?.id, teamId: installation.team?.id };
}

function refOfQuery(query: InstallationQuery<boolean>): InstallationRef {
  return { isEnterpriseInstall: query.isEnterpriseInstall, enterpriseId: query.enterpriseId, teamId: query.teamId };
}

/** What the log may say about an installation: ids only, never tokens. */
function describe(ref: InstallationRef): Record<string, unknown> {
  return ref.isEnterpriseInstall ? { enterprise: ref.enterpriseId } : { team: ref.teamId, ...(ref.enterpriseId ? { enterprise: ref.enterpriseId } : {}) };
}

/** Bolt's InstallationStore over `store`; fetching an absent installation throws, as Bolt's own stores do. */
export function createInstallationStore(store: StateStore, logger: Logger): InstallationStore & Required<Pick<InstallationStore, 'deleteInstallation'>> {
  return {
    storeInstallation: async (installation) => {
      const ref = refOf(installation as Installation);
      await store.saveInstallation(installationKey(ref), JSON.stringify(installation));
      logger.info('slack installed', describe(ref));
    },
    fetchInstallation: async (query) => {
      const ref = refOfQuery(query);
      const json = await store.loadInstallation(installationKey(ref));
      if (json === undefined) throw new Error(`no installation for ${ref.isEnterpriseInstall ? `enterprise ${ref.enterpriseId}` : `team ${ref.teamId}`}`);
      return JSON.parse(json) as Installation;
    },
    deleteInstallation: async (query) => {
      const ref = refOfQuery(query);
      await store.deleteInstallation(installationKey(ref));
      logger.info('slack installation deleted', describe(ref));
    },
  };
}
