//! The `#[instrument]` attribute of
//! [telemetry-facade](https://crates.io/crates/telemetry-facade). Use it
//! through the facade (`telemetry_facade::instrument`, feature `macros`):
//! its expansion names `::telemetry_facade`, so the crate using it must
//! depend on `telemetry-facade` under that name.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{
    parse_macro_input, FnArg, Ident, ItemFn, LitStr, Pat, ReturnType, Signature, Type,
    TypeParamBound,
};

/// Wraps a function in a span named after it, current while the function
/// runs, with chosen arguments recorded as span attributes.
///
/// `#[instrument]` works on `fn` items and methods, sync or `async`: an
/// `async fn` keeps its signature, its body runs inside the span
/// ([`FutureExt::in_span`]), and its future is `Send` exactly when the
/// uninstrumented one is. A non-`async` function returning
/// `impl Future<..>` has both the call and the returned future instrumented.
/// `return` and `?` work as before.
///
/// # Options
///
/// `#[instrument(name = "…", kind = "…", skip(a, b) | skip_all | fields(a, b), err)]`,
/// all optional, in any order:
///
/// | option | effect |
/// |---|---|
/// | `name = "load_order"` | the span's name (default: the function's name) |
/// | `kind = "client"` | the [`SpanKind`]: `internal` (default), `server`, `client`, `producer`, `consumer` |
/// | `skip(password, conn)` | do not record these arguments |
/// | `skip_all` | record no argument |
/// | `fields(order_id, user)` | record only these arguments |
/// | `err` | a returned `Err(e)` is recorded on the span (an `exception` event with `exception.type` and `exception.message`, the `Display` of `e`, and status `Error`), like [`Span::record_error`] |
///
/// Arguments are recorded under their own names, by default every named
/// argument except `self`; a recorded argument's type must implement
/// [`ToFieldValue`] (integers, floats, `bool`, strings, [`Value`], references
/// to those, or your own types), or the build fails naming the argument,
/// to be left out with `skip`. Skip secrets: the attribute holds the value.
/// Arguments bound by a pattern (`(a, b): (u32, u32)`) are never recorded.
///
/// There is no `level` option: a span here has no level (which spans are
/// kept is the sampler's decision, `OTEL_TRACES_SAMPLER`), so `level` is
/// rejected with that explanation; write a log record at a level inside
/// the function instead.
///
/// # Cost
///
/// The span comes from the calling module's cached telemetry handle
/// ([`telemetry!()`]). In the no-op build (no backend feature) the
/// expansion executes nothing more than the function itself (measured with
/// callgrind: `instrument-noop` in `BENCHMARKS.md`); with `otel`, it costs
/// what [`Tracer::span`] … [`SpanBuilder::start`] and [`Span::enter`] cost,
/// and an argument is converted only when the span records. A plain
/// function (not `async`, no `err`) runs as the closure of
/// [`SpanBuilder::in_span`], so that when nothing can record (before
/// `init`, `OTEL_SDK_DISABLED`) it runs on a path of its own with nothing
/// to enter or end (`instrument-disabled`: 16 instructions over the bare
/// function).
///
/// # Examples
///
/// ```
/// use telemetry_facade::{instrument, testing, SpanKind, Status, Value, BUILD};
///
/// #[instrument(kind = "client", skip(password))]
/// fn login(user: &str, password: &str, attempt: u32) -> bool {
///     password.len() > 3
/// }
///
/// #[instrument(name = "parse_port", err)]
/// fn parse(text: &str) -> Result<u16, std::num::ParseIntError> {
///     let port = text.trim().parse()?; // `?` returns through the span
///     Ok(port)
/// }
///
/// let capture = testing::capture(); // records what this build can record
/// assert!(login("ada", "secret", 1));
/// assert!(parse("http").is_err());
///
/// let spans = capture.spans_named("login");
/// assert_eq!(spans.len(), usize::from(BUILD.traces));
/// for span in spans {
///     assert_eq!(span.kind, SpanKind::Client);
///     assert_eq!(span.attribute("user"), Some(&Value::from("ada")));
///     assert_eq!(span.attribute("attempt"), Some(&Value::from(1)));
///     assert_eq!(span.attribute("password"), None);
/// }
/// for span in capture.spans_named("parse_port") {
///     assert_eq!(span.status, Status::error("invalid digit found in string"));
/// }
/// ```
///
/// An `async fn`, and a method:
///
/// ```
/// use telemetry_facade::instrument;
///
/// struct Client;
///
/// impl Client {
///     #[instrument(skip_all, err)]
///     async fn fetch(&self, id: u64) -> Result<String, std::io::Error> {
///         if id == 0 {
///             return Err(std::io::Error::other("no such id"));
///         }
///         Ok(format!("item {id}"))
///     }
/// }
///
/// fn assert_send<T: Send>(t: T) -> T { t }
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     use std::task::{Context, Poll, Wake, Waker};
/// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
/// #     let waker = Waker::from(std::sync::Arc::new(Noop));
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
/// # }
/// let client = Client;
/// let item = block_on(assert_send(client.fetch(7))); // `tokio::spawn` would take it
/// assert_eq!(item.unwrap(), "item 7");
/// ```
///
/// Misuse fails the build with a message naming the mistake:
///
/// ```compile_fail
/// // error: unknown `instrument` option `skipp`; expected `name`, `kind`, `skip`, `skip_all`, `fields` or `err`
/// #[telemetry_facade::instrument(skipp(token))]
/// fn call(token: &str) {}
/// ```
///
/// ```compile_fail
/// // error: `skip`: `call` has no argument named `tokn`
/// #[telemetry_facade::instrument(skip(tokn))]
/// fn call(token: &str) {}
/// ```
///
/// ```compile_fail
/// // error: `err` records the `Err` of a returned `Result`, and `call` returns nothing
/// #[telemetry_facade::instrument(err)]
/// fn call(token: &str) {}
/// ```
///
/// ```compile_fail,E0277
/// // error[E0277]: `#[instrument(err)]` needs a `Result` whose error type implements `Display`; `u32` is not one
/// #[telemetry_facade::instrument(err)]
/// fn call(token: &str) -> u32 { 1 }
/// ```
///
/// ```compile_fail,E0277
/// // error[E0277]: `#[instrument]` cannot record the argument type `Vec<u8>` as a span attribute
/// #[telemetry_facade::instrument]
/// fn upload(bytes: Vec<u8>) {}
/// ```
///
/// ```compile_fail
/// // error: `level` is not an `instrument` option: spans have no level here ...
/// #[telemetry_facade::instrument(level = "debug")]
/// fn call() {}
/// ```
///
/// [`FutureExt::in_span`]: https://docs.rs/telemetry-facade/latest/telemetry_facade/trait.FutureExt.html#method.in_span
/// [`SpanKind`]: https://docs.rs/telemetry-facade/latest/telemetry_facade/enum.SpanKind.html
/// [`Span::record_error`]: https://docs.rs/telemetry-facade/latest/telemetry_facade/struct.Span.html#method.record_error
/// [`Span::enter`]: https://docs.rs/telemetry-facade/latest/telemetry_facade/struct.Span.html#method.enter
/// [`ToFieldValue`]: https://docs.rs/telemetry-facade/latest/telemetry_facade/trait.ToFieldValue.html
/// [`Value`]: https://docs.rs/telemetry-facade/latest/telemetry_facade/enum.Value.html
/// [`telemetry!()`]: https://docs.rs/telemetry-facade/latest/telemetry_facade/macro.telemetry.html
/// [`Tracer::span`]: https://docs.rs/telemetry-facade/latest/telemetry_facade/struct.Tracer.html#method.span
/// [`SpanBuilder::start`]: https://docs.rs/telemetry-facade/latest/telemetry_facade/struct.SpanBuilder.html#method.start
/// [`SpanBuilder::in_span`]: https://docs.rs/telemetry-facade/latest/telemetry_facade/struct.SpanBuilder.html#method.in_span
#[proc_macro_attribute]
pub fn instrument(attr: TokenStream, item: TokenStream) -> TokenStream {
    let mut options = Options::default();
    let parser = syn::meta::parser(|meta| options.parse(meta));
    parse_macro_input!(attr with parser);
    let function = match syn::parse::<ItemFn>(item) {
        Ok(function) => function,
        Err(e) => {
            return syn::Error::new(
                e.span(),
                "`#[instrument]` applies to a function with a body (a `fn` item or a method)",
            )
            .into_compile_error()
            .into()
        }
    };
    match expand(options, function) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.into_compile_error().into(),
    }
}

/// Which arguments become attributes.
#[derive(Default)]
enum Record {
    /// Every named argument but `self`, less these.
    #[default]
    All,
    Skip(Vec<Ident>),
    SkipAll,
    Only(Vec<Ident>),
}

#[derive(Default)]
struct Options {
    name: Option<LitStr>,
    kind: Option<(Ident, Span)>,
    record: Option<(Record, Span)>,
    err: Option<Span>,
}

const OPTIONS: &str = "`name`, `kind`, `skip`, `skip_all`, `fields` or `err`";

impl Options {
    fn parse(&mut self, meta: syn::meta::ParseNestedMeta<'_>) -> syn::Result<()> {
        let span = meta.path.span();
        let Some(option) = meta.path.get_ident().map(Ident::to_string) else {
            return Err(meta.error(format!("expected an `instrument` option: {OPTIONS}")));
        };
        let duplicate = || meta.error(format!("`{option}` is given twice"));
        let record_twice = |meta: &syn::meta::ParseNestedMeta<'_>| {
            meta.error("choose one of `skip(..)`, `skip_all` and `fields(..)`")
        };
        match option.as_str() {
            "name" => {
                if self.name.is_some() {
                    return Err(duplicate());
                }
                let name: LitStr = meta.value()?.parse()?;
                if name.value().is_empty() {
                    return Err(syn::Error::new(name.span(), "a span name cannot be empty"));
                }
                self.name = Some(name);
            }
            "kind" => {
                if self.kind.is_some() {
                    return Err(duplicate());
                }
                let kind: LitStr = meta.value()?.parse()?;
                let variant = match kind.value().as_str() {
                    "internal" => "Internal",
                    "server" => "Server",
                    "client" => "Client",
                    "producer" => "Producer",
                    "consumer" => "Consumer",
                    other => {
                        return Err(syn::Error::new(
                            kind.span(),
                            format!(
                                "unknown span kind `{other}`; expected `internal`, `server`, \
                                 `client`, `producer` or `consumer`"
                            ),
                        ))
                    }
                };
                self.kind = Some((Ident::new(variant, kind.span()), kind.span()));
            }
            "skip" | "fields" => {
                if self.record.is_some() {
                    return Err(record_twice(&meta));
                }
                let mut names = Vec::new();
                meta.parse_nested_meta(|inner| {
                    if !inner.input.is_empty() && !inner.input.peek(syn::Token![,]) {
                        return Err(inner.error(format!(
                            "`{option}(..)` takes argument names, separated by commas"
                        )));
                    }
                    match inner.path.get_ident() {
                        Some(ident) => {
                            names.push(ident.clone());
                            Ok(())
                        }
                        None => Err(inner.error("expected an argument name")),
                    }
                })?;
                let record = if option == "skip" {
                    Record::Skip(names)
                } else {
                    Record::Only(names)
                };
                self.record = Some((record, span));
            }
            "skip_all" => {
                if self.record.is_some() {
                    return Err(record_twice(&meta));
                }
                self.record = Some((Record::SkipAll, span));
            }
            "err" => {
                if self.err.is_some() {
                    return Err(duplicate());
                }
                self.err = Some(span);
            }
            "level" => {
                return Err(meta.error(
                    "`level` is not an `instrument` option: spans have no level here (which \
                     spans are kept is the sampler's decision, `OTEL_TRACES_SAMPLER`); write a \
                     log record at a level inside the function instead",
                ))
            }
            other => {
                return Err(meta.error(format!(
                    "unknown `instrument` option `{other}`; expected {OPTIONS}"
                )))
            }
        }
        Ok(())
    }
}

/// The named arguments of a signature (`self` excluded), in order.
fn named_arguments(sig: &Signature) -> Vec<Ident> {
    sig.inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(typed) => match &*typed.pat {
                Pat::Ident(pat) if pat.subpat.is_none() => Some(pat.ident.clone()),
                _ => None,
            },
            FnArg::Receiver(_) => None,
        })
        .collect()
}

/// Whether a type is `impl …Future…` (a non-async function returning a
/// future).
fn is_impl_future(ty: &Type) -> bool {
    match ty {
        Type::ImplTrait(imp) => imp.bounds.iter().any(|bound| match bound {
            TypeParamBound::Trait(t) => t
                .path
                .segments
                .last()
                .is_some_and(|segment| segment.ident == "Future"),
            _ => false,
        }),
        Type::Paren(p) => is_impl_future(&p.elem),
        Type::Group(g) => is_impl_future(&g.elem),
        _ => false,
    }
}

/// Whether a type mentions `impl Trait` anywhere (then it cannot be written
/// in a `let`).
fn contains_impl_trait(ty: &Type) -> bool {
    fn search(stream: TokenStream2) -> bool {
        stream.into_iter().any(|tt| match tt {
            proc_macro2::TokenTree::Ident(i) => i == "impl",
            proc_macro2::TokenTree::Group(g) => search(g.stream()),
            _ => false,
        })
    }
    search(ty.to_token_stream())
}

fn expand(options: Options, function: ItemFn) -> syn::Result<TokenStream2> {
    let ItemFn {
        attrs,
        vis,
        sig,
        block,
    } = function;
    if let Some(constness) = &sig.constness {
        return Err(syn::Error::new(
            constness.span(),
            "`#[instrument]` cannot wrap a `const fn`: starting a span is not a const operation",
        ));
    }
    let fn_name = sig.ident.to_string();

    // Which arguments to record, checking the names given.
    let arguments = named_arguments(&sig);
    let check = |names: &[Ident], option: &str| -> syn::Result<()> {
        for name in names {
            if name == "self" && option == "skip" {
                continue; // `self` is never recorded: skipping it is harmless
            }
            if !arguments.iter().any(|a| a == name) {
                return Err(syn::Error::new(
                    name.span(),
                    format!("`{option}`: `{fn_name}` has no argument named `{name}`"),
                ));
            }
        }
        Ok(())
    };
    let recorded: Vec<Ident> = match options.record {
        None | Some((Record::All, _)) => arguments.clone(),
        Some((Record::SkipAll, _)) => Vec::new(),
        Some((Record::Skip(skip), _)) => {
            check(&skip, "skip")?;
            arguments
                .iter()
                .filter(|a| !skip.contains(a))
                .cloned()
                .collect()
        }
        Some((Record::Only(only), _)) => {
            check(&only, "fields")?;
            only
        }
    };

    let name = match &options.name {
        Some(name) => name.to_token_stream(),
        None => LitStr::new(&fn_name, sig.ident.span()).to_token_stream(),
    };
    let kind = options.kind.as_ref().map(|(variant, span)| {
        quote_spanned! {*span=> .kind(::telemetry_facade::SpanKind::#variant) }
    });
    let attributes = recorded.iter().map(|arg| {
        let key = LitStr::new(&arg.to_string(), arg.span());
        quote_spanned! {arg.span()=>
            .attribute(#key, ::telemetry_facade::__private::instrument_arg(&#arg))
        }
    });
    let builder = quote! {
        ::telemetry_facade::telemetry!()
            .tracer()
            .span(#name)
            #kind
            #(#attributes)*
    };
    let start = quote! {
        let __tf_span = #builder.start();
    };

    let output = match &sig.output {
        ReturnType::Default => None,
        ReturnType::Type(_, ty) => Some(&**ty),
    };
    if let (Some(err), None) = (options.err, output) {
        return Err(syn::Error::new(
            err,
            format!(
                "`err` records the `Err` of a returned `Result`, and `{fn_name}` returns nothing"
            ),
        ));
    }
    // The return type, when it can be written in a `let` (not `impl Trait`).
    let nameable = output.filter(|ty| !contains_impl_trait(ty));
    let unit: Type = syn::parse_quote!(());
    let err_span = options.err.unwrap_or_else(Span::call_site);
    let record_current = quote_spanned! {err_span=>
        ::telemetry_facade::__private::instrument_result(
            &::telemetry_facade::Span::current(),
            &__tf_result,
        );
    };

    let body = if sig.asyncness.is_some() {
        // The body in its own `async move` block, so that `return` and `?`
        // leave that block; the fake return tells the block its type.
        let fake_return = match output {
            None => Some(fake_return(&unit)),
            Some(_) => nameable.map(fake_return),
        };
        let inner = quote! { async move { #fake_return #block } };
        let future = if options.err.is_some() {
            let annotation = nameable.map(|ty| quote!(: #ty));
            quote! {
                async move {
                    let __tf_result #annotation = #inner.await;
                    #record_current
                    __tf_result
                }
            }
        } else {
            inner
        };
        quote! {
            #start
            ::telemetry_facade::FutureExt::in_span(#future, __tf_span).await
        }
    } else if output.is_some_and(is_impl_future) {
        // A future built by a non-async function: the span is current
        // while it is built, and during every poll.
        let future = if options.err.is_some() {
            quote! {
                async move {
                    let __tf_result = __tf_future.await;
                    #record_current
                    __tf_result
                }
            }
        } else {
            quote!(__tf_future)
        };
        quote! {
            #start
            let __tf_future = {
                let __tf_guard = ::telemetry_facade::Span::enter(&__tf_span);
                ::telemetry_facade::__private::call_once(move || #block)
            };
            ::telemetry_facade::FutureExt::in_span(#future, __tf_span)
        }
    } else if options.err.is_some() {
        // A closure called once catches `return` and `?`, so that the
        // result is seen before it leaves.
        let call = match nameable {
            Some(ty) => quote! {
                ::telemetry_facade::__private::call_once::<#ty, _>(move || #block)
            },
            None => quote! {
                ::telemetry_facade::__private::call_once(move || #block)
            },
        };
        let record = quote_spanned! {err_span=>
            ::telemetry_facade::__private::instrument_result(&__tf_span, &__tf_result);
        };
        quote! {
            #start
            let __tf_guard = ::telemetry_facade::Span::enter(&__tf_span);
            let __tf_result = #call;
            #record
            __tf_result
        }
    } else {
        // The body in a closure run by `SpanBuilder::in_span`: when
        // nothing can record, it runs on a path of its own, with nothing
        // to enter or end (BENCHMARKS.md, issue 18); `return` and `?`
        // leave the closure, which is the whole body.
        let closure = match nameable {
            Some(ty) => quote! { move |_: &::telemetry_facade::Span| -> #ty #block },
            None => quote! { move |_: &::telemetry_facade::Span| #block },
        };
        quote! {
            #builder.in_span(#closure)
        }
    };

    Ok(quote! {
        #(#attrs)*
        #vis #sig {
            #body
        }
    })
}

/// An unreachable `return` of the function's type: it fixes the type of
/// an `async` block whose `return`s and `?`s would leave it unknown.
fn fake_return(ty: &Type) -> TokenStream2 {
    quote! {
        #[allow(
            unknown_lints,
            unreachable_code,
            clippy::diverging_sub_expression,
            clippy::empty_loop,
            clippy::let_unit_value,
            clippy::let_with_type_underscore,
            clippy::needless_return,
            clippy::unreachable
        )]
        if false {
            let __tf_fake_return: #ty = loop {};
            return __tf_fake_return;
        }
    }
}
