import { Suppression, suppressionFor } from '@postventa/engagement';
import type { Recipient } from '../customers/customer-lookup.repository';
import type { FinalOutcome } from './delivery.repository';
import { Delivery, DeliveryErrorCode } from './delivery.types';

/**
 * Consent and suppression, before anything is rendered: the address to send to, or the final
 * outcome (no address, suppressed, no marketing consent). Pure.
 */
export function consentDecision(
  delivery: Delivery,
  recipient: Recipient | undefined,
  suppressions: readonly Suppression[],
): FinalOutcome | { address: string } {
  const command = delivery.command;
  const address = command.to ?? recipient?.email ?? undefined;
  if (!address) {
    return {
      commandId: delivery.commandId,
      status: 'failed',
      errorCode: DeliveryErrorCode.NoAddress,
      errorMessage: 'The customer has no email address and the command has no "to"',
    };
  }
  const suppression = suppressionFor(suppressions, delivery.customerId, address, delivery.category);
  if (suppression) {
    const why =
      suppression.category === 'bounce'
        ? 'the address hard-bounced before'
        : `the customer unsubscribed (${suppression.category})`;
    return {
      commandId: delivery.commandId,
      status: 'suppressed',
      errorCode: DeliveryErrorCode.Suppressed,
      errorMessage: `Not sent: ${why}`,
    };
  }
  if (delivery.category === 'marketing' && recipient?.consent?.marketing === false) {
    return {
      commandId: delivery.commandId,
      status: 'suppressed',
      errorCode: DeliveryErrorCode.Suppressed,
      errorMessage: 'Not sent: the customer has not consented to marketing email',
    };
  }
  return { address };
}
