/** `app_uninstalled` and `tokens_revoked`: the workspace's installation (and its token) is forgotten. */
import type { AllMiddlewareArgs, InstallationStore, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../../log.js';

type UninstalledArgs = SlackEventMiddlewareArgs<'app_uninstalled'> & AllMiddlewareArgs;
type RevokedArgs = SlackEventMiddlewareArgs<'tokens_revoked'> & AllMiddlewareArgs;
type Deletes = Required<Pick<InstallationStore, 'deleteInstallation'>>;

/**
 * The query for the installation an event came from. Bolt skips authorize for these two events, so the ids come
 * from the envelope, as Bolt reads them (context), with an org-wide install keyed by its enterprise.
 */
function queryOf(context: AllMiddlewareArgs['context']) {
  return { teamId: context.teamId, enterpriseId: context.enterpriseId, isEnterpriseInstall: context.isEnterpriseInstall ?? false } as Parameters<
    Deletes['deleteInstallation']
  >[0];
}

/** The app was removed from a workspace (or org): its installation goes. */
export function onAppUninstalled(installations: Deletes, logger: Logger) {
  return async ({ context }: UninstalledArgs): Promise<void> => {
    try {
      await installations.deleteInstallation(queryOf(context));
    } catch (err) {
      logger.error('uninstall failed', { channel: 'slack', err });
    }
  };
}

/**
 * Tokens were revoked. Installs hold a bot token (and no user tokens: no user scopes are asked for), so a revoked
 * bot token ends the installation; revoked user tokens change nothing here.
 */
export function onTokensRevoked(installations: Deletes, logger: Logger) {
  return async ({ event, context }: RevokedArgs): Promise<void> => {
    if ((event.tokens.bot ?? []).length === 0) return;
    try {
      await installations.deleteInstallation(queryOf(context));
    } catch (err) {
      logger.error('token revocation failed', { channel: 'slack', err });
    }
  };
}
