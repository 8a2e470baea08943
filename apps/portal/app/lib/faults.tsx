import { createContext, useContext } from "react";

/**
 * What went wrong while serving this request, as far as pages need to know (server only): the
 * error page then says the shop's records are briefly unreachable instead of "something broke".
 */
export interface RequestFaults {
  databaseUnavailable: boolean;
}

const FaultsContext = createContext<RequestFaults>({ databaseUnavailable: false });
export const FaultsProvider = FaultsContext.Provider;
export const useFaults = () => useContext(FaultsContext);
