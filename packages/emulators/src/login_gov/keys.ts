// The Login.gov emulator's registered sandbox client and its fixed TEST key pair. A Login.gov
// client (a "service provider") is an issuer string registered in the Partner Portal with the
// public certificate of a key only the relying party holds; here the private half is committed so
// the stack's BFF can sign its client assertions.
//
// TEST ONLY: this private key protects nothing. Login.gov has never seen it, and it must never be
// registered with any real identity provider.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

export const LOGIN_GOV_EMULATOR_CLIENT_ID = 'urn:gov:gsa:openidconnect.profiles:sp:sso:identity_verify:emulator';

/** PKCS#8 PEM, RSA 2048: the relying party's private key for private_key_jwt (test only, public). */
export const LOGIN_GOV_EMULATOR_RP_PRIVATE_KEY = `
-----BEGIN PRIVATE KEY-----
MIIEvwIBADANBgkqhkiG9w0BAQEFAASCBKkwggSlAgEAAoIBAQCYvUOKmLblTya3
Cz76OLrO3vByv5dqMtIVT1yvsUiqopA5JB6rkX1Cj8RQKWM8kFrIzFylWEscIgQ+
2eIuMBGnO2PpNcpPnGJN4GhVu4CaQXgGRMI/hEIRDE35cKfw615U8uquEcJ0PZ3w
1VfNALWcYO/9ixV6WqOOhOGa8E6nJdzjmflaF+cnCedh/ZVPIY0Ul2cOLPwBNm+S
btgAwlUA+QOF2HSrn1pxRRf0eZWINTs1iSJEyeDyDdozfCg3wp5X6cU1wVuVFbVY
RpsnPKbbP0jgC063tZA99Sas1A3PD8VM9F+6i/JyKCUnBkveKGeVLMOvbcatXvld
zGzdbkcfAgMBAAECggEACUWwFHlZ3QjVjlYh8BnCiW1yRl0IKZvFMiL7uvS1txog
TD+7lunBo2lL3xvsGNCgmkEBvM3j3WTZQiGDAA/N+ot58L3htryFITomy1GTKIoh
6auB6U4znopTL3nd0BvRwbFverq8Rcc5z9V7u4e3/rLJzugDGUboV+4MLhY5iB8F
tKdsj+1+9bgr5FtFpWiVGBf21MSdZmE/eOI6f+KhiezdnSBEuJ/uS22+i9TaDLD9
wW9xZraKICyJWSvqtW6Z8P5Zyh6uUsaYU1WF3+PX7NtNawkgW67h8Tcb58rDRdX7
uSo6Rr2AO15iQzmvNV6pUzxql0z9R+L4TM57LfLCWQKBgQDXzR7Wz047k9XyAvGm
scENJ79AmJOzqzIJSI+ItacSJZ9OJuNanFJV6Ik44AXzA6nhTsLabsgbYPytTcIW
4EF9jhqHcP+Ei7wvTRoHQeDDf7ENJtdFc6qjtHI45uqZTAEjZlKz9vgcrFmpqe9k
ig4Ye1Cf4PNxSvVerSUH0FltqQKBgQC1MOs2JR4ZZkf2ftrmftzAWzGYh5Y/XC9T
6MstT7siIiMTiqflhztT6e0ARwi7Wjv75ZqA9w1lhEi0VP71KwV+41YHE5UwB5Xf
nh4eX7LUzXcdjj/h9nVP0QdQCRxAg56qtO1xJZ9rSeazPL88lVNfCIDP4rWffJXM
QDD/zrO7hwKBgQCstUrzG+I+qChXkaeYgzY/swnLRtEev+pBp8LH5KmbSmTehRz7
zZPPkVURIalhPhNdcE1dx796ufo/MLYe3MdNFseAkhzNFZA8QvaLzFt32t/16Jns
yY9NiQLJK3WhzkQy8pdJ1GPpfr4bnRcsXZi+WyLBcaUjjJwnc2bphAOuUQKBgQCg
OTb1tVLtgP3H4ptt0echjkLIL7XUJ4+OcsAgPG4tm+RKpoUbuj7jUGuMoEP/cKa0
dG/w9QZ6q8Si+rpOUJHWh++N6Go3g62rhaX6lAOOnHZlw2GITqmkQCJoSvYZsoo/
SCjjsjJL7Ji+DMzLJP0Jf3pw2nhjJQdOC8GIo99ZxwKBgQDLp8xkvv1XquzToxtB
M1kgJ9Xn+4sPpJ5w1f4Fm2TF/NEniCKxrO45vpp1XT22w8iXOBSGsK0XXRFB871b
1OPsFuYKI98QOmIYIkS6PvtJaoAO3+JQ/6Ac28/4cVYPyhjR3+SSpXtwsLY0whGJ
YbUF2DaEO7/QOk1EfmoqFaEOaA==
-----END PRIVATE KEY-----
`.trimStart();

/** The public half the emulator verifies client assertions with, as the Partner Portal's certificate. */
export const LOGIN_GOV_EMULATOR_RP_PUBLIC_KEY: KeyObject = createPublicKey(createPrivateKey(LOGIN_GOV_EMULATOR_RP_PRIVATE_KEY));
