import { createContext, useContext } from "react";

/** The request's CSP nonce (server only; browsers hide it from scripts, so it is "" there). */
const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
