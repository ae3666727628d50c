//! Edge configuration and request rules shared by the Envoy filter and the worker (in progress).
