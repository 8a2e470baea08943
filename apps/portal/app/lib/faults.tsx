import { createContext, useContext } from "react";

/**
 * What went wrong while serving this request, as far as pages need to know (server only): the
 * error page then says the shop's records are briefly unreachable instead of "something broke".
 */
export interface RequestFaults {
  databaseUnavailable: boolean;
  /**
   * An API refusal nobody caught (bad input in a URL, a job that is not the customer's): the
   * page answers with its status and its safe message instead of a 500.
   */
  apiError?: { status: number; message: string } | undefined;
}

const FaultsContext = createContext<RequestFaults>({ databaseUnavailable: false });
export const FaultsProvider = FaultsContext.Provider;
export const useFaults = () => useContext(FaultsContext);
