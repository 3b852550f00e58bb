import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleFlow } from '@ram-console/contracts';

/**
 * What differs between the three generations of Alibaba's console (CONSOLE_FLOW, DESIGN.md "The
 * flows") besides their words, which are in the locale files under `flow.<name>`. The safety steps
 * (risk checkbox, scenario dialog, phone verification, "I have saved the AccessKey Secret") are the
 * same in every generation.
 */
export interface FlowShape {
  /** The account's result dialog hides the pair under a collapsed "AccessKey Details" (000–002). */
  accountDetailsCollapsed: boolean;
  /** Create AccessKey on the account's page first asks "Create Main Account AccessKey" (004). */
  confirmMainAccountCreate: boolean;
  /** The entry dialog puts the main account's way out first (004) or second (000–003). */
  mainAccountFirst: boolean;
}

export const FLOW_SHAPES: Record<ConsoleFlow, FlowShape> = {
  'security-tips': {
    accountDetailsCollapsed: true,
    confirmMainAccountCreate: false,
    mainAccountFirst: true,
  },
  note: { accountDetailsCollapsed: false, confirmMainAccountCreate: false, mainAccountFirst: true },
  current: {
    accountDetailsCollapsed: false,
    confirmMainAccountCreate: true,
    mainAccountFirst: false,
  },
};

/** Provided by the console shell from the signed-in session (`/api/auth/me` → flow). */
export const ConsoleFlowContext = createContext<ConsoleFlow>('security-tips');

/** The generation this console follows, its shape, and `tf(key)` for its words. */
export function useConsoleFlow() {
  const flow = useContext(ConsoleFlowContext);
  const { t } = useTranslation();
  const tf = (key: FlowWord) => t(`flow.${flow}.${key}`);
  return { flow, shape: FLOW_SHAPES[flow], tf };
}

/** The words each generation names differently (locale keys under `flow.<name>`). */
export type FlowWord =
  | 'menuItem'
  | 'entryTitle'
  | 'entryWarning'
  | 'entryBody'
  | 'mainAccount'
  | 'ramUsers'
  | 'accountPage'
  | 'userKeysSection'
  | 'verificationConfirm'
  | 'resultAccount'
  | 'resultUser'
  | 'accountDownload';
